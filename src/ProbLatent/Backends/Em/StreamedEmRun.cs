using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// One EM restart over a data source: each iteration is one pass, in which every block adds its E-step statistics under the
/// current θ (and its log p(x | θ)) to the pass's sums, and the M step reads only their sum. The objective and the trace are
/// <see cref="EmRun"/>'s, step for step: θₜ₊₁ from the statistics under θₜ, then log p(x | θₜ₊₁) + log p(θₜ₊₁) from the pass
/// that gathers the next step's. The result's ELBO, of the last M step's q under the final θ as an in-memory fit reports it,
/// takes one more pass. A Gaussian mixture in memory runs here too, as a source of one block.
/// </summary>
internal sealed class StreamedEmRun : IFitRun
{
    readonly IStreamedEm _algorithm;
    readonly DataSource _source;
    readonly int _restart, _rows;
    readonly double _regularization;
    ILatentModel _model, _previous;
    MixtureSums _sums;

    /// <param name="start">The rows the start is drawn from: every row of a small source, a sample of a large one.</param>
    public StreamedEmRun(IStreamedEm algorithm, DataSource source, int rows, DataMatrix start, int restart, Random random, double regularization)
    {
        _algorithm = algorithm;
        _source = source;
        _rows = rows;
        _restart = restart;
        _regularization = regularization;
        _model = EmRun.Guard(() => algorithm.Initialize(start, random), 0, restart, regularization);
        _previous = _model;
        _sums = Pass(_model);
        Objective = EmRun.CheckedObjective(_sums.LogLikelihood, algorithm.LogPrior(_model), 0, restart);
    }

    public double Objective { get; private set; }

    public void Iterate(int iteration)
    {
        var next = EmRun.Guard(() => _algorithm.Update(_model, _sums, _source), iteration, _restart, _regularization);
        _previous = _model;
        _model = next;
        _sums = Pass(_model);
        Objective = EmRun.CheckedObjective(_sums.LogLikelihood, _algorithm.LogPrior(_model), iteration, _restart);
    }

    /// <summary>The statistics of every block under <paramref name="model"/>, added in block order.</summary>
    MixtureSums Pass(ILatentModel model)
    {
        MixtureSums? total = null;
        long rows = 0;
        foreach (var block in _source.Blocks())
        {
            var sums = _algorithm.Statistics(model, block.Data);
            rows += block.Data.Rows;
            if (total is null) total = sums;
            else total.Add(sums);
        }
        if (total is null || rows != _rows)
            throw new DataException($"had {_rows:N0} rows when the fit began and {rows:N0} on this pass: it changed while it was being read", _source.Name);
        return total;
    }

    public FittedRun Result()
    {
        var previous = (DiscreteLatentModel)_previous;
        // Data held in memory keeps q(z) of every row, as an in-memory fit reports it.
        if (_source is MatrixSource held)
        {
            var q = previous.Posterior(held.Data, out _);
            return new FittedRun(_model, null, _sums.LogLikelihood, _model.Elbo(held.Data, q), q);
        }
        ElboTerms? elbo = null;
        double[]? counts = null;
        foreach (var block in _source.Blocks())
        {
            var q = (DiscretePosterior)previous.Posterior(block.Data);
            var terms = _model.Elbo(block.Data, q);
            elbo = elbo is null ? terms : elbo + terms;
            var blockCounts = q.ExpectedCounts();
            if (counts is null) counts = blockCounts;
            else for (int k = 0; k < counts.Length; k++) counts[k] += blockCounts[k];
        }
        return new FittedRun(_model, null, _sums.LogLikelihood, elbo!, new StreamedPosterior(counts!, _rows, _source.Name));
    }
}
