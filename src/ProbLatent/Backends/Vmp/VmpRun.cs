using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp;

/// <summary>One VMP restart: its factor graph, swept in schedule order; the objective is the ELBO of the current q.</summary>
internal sealed class VmpRun : IFitRun
{
    readonly VmpModel _model;
    readonly IPlateRows _rows;
    readonly int _restart;
    readonly SequenceData? _sequences;
    readonly ParameterSnapshot? _saved;
    ElboTerms _elbo;
    int _iteration;

    /// <param name="build">Builds the graph at its start, which already updates q(θ) once (iteration 0).</param>
    /// <param name="rows">The data the graph's plates read: in memory, a source read in blocks, or shards.</param>
    /// <param name="sequences">The sequences the rows hold end to end, when a chain runs along them; their log p(x) is scored per sequence.</param>
    public VmpRun(Func<VmpModel> build, IPlateRows rows, int restart, SequenceData? sequences = null)
    {
        _rows = rows;
        _sequences = sequences;
        _restart = restart;
        _model = Guard(build, 0);
        _elbo = _model.Graph.Elbo(0);
        // Rows held here are swept whole; a pass over rows read elsewhere can be cancelled after q(θ) was updated for it.
        _saved = rows.Held is null ? new ParameterSnapshot(_model.Graph) : null;
    }

    public double Objective => _elbo.Value;

    /// <summary>One sweep; a sweep cancelled in its plate's pass puts q(θ) back as the last complete one left it, and rethrows.</summary>
    public void Iterate(int iteration)
    {
        _saved?.Save();
        try
        {
            Guard(() =>
            {
                _model.Graph.Sweep();
                return _model;
            }, iteration);
        }
        catch (OperationCanceledException)
        {
            _saved?.Restore();
            throw;
        }
        _elbo = _model.Graph.Elbo(iteration);
        _iteration = iteration;
    }

    /// <summary>Turns a posterior that is no longer proper into a diverged-fit error naming the iteration and restart.</summary>
    VmpModel Guard(Func<VmpModel> step, int iteration)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is NotPositiveDefiniteException or ImproperPosteriorException)
        {
            throw new FitDivergedException("vmp", iteration, $"{e.Message} (restart {_restart}); check the priors and the data's scale");
        }
    }

    /// <summary>
    /// The posterior over θ, the model at its means and their exact log-likelihood, and q(z) with the ELBO of the whole
    /// q — refused when a component the fit kept has no spread of its own (see <see cref="VmpModel.CheckSpread"/>).
    /// </summary>
    public FittedRun Result()
    {
        try
        {
            _model.CheckSpread();
        }
        catch (CollapsedComponentException e)
        {
            throw new FitDivergedException("vmp", _iteration, $"{e.Message} (restart {_restart})");
        }
        var posterior = _model.ParameterPosterior();
        var parameters = posterior.Mean();
        double logLikelihood = (_sequences, parameters) switch
        {
            ({ } sequences, HiddenMarkovModel chain) => chain.LogLikelihood(sequences),
            _ => _model.LogLikelihood(parameters) ?? _rows.LogLikelihood(parameters),
        };
        return new FittedRun(parameters, posterior, logLikelihood, _elbo, _model.LatentPosterior());
    }
}
