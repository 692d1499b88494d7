using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// One EM restart over data read in passes: each iteration is one sweep, in which every block (or shard) adds its E-step
/// statistics under the current θ (and its log p(x | θ)) to the sweep's sums, and the M step reads only their sum. The
/// objective and the trace are <see cref="EmRun"/>'s, step for step: θₜ₊₁ from the statistics under θₜ, then
/// log p(x | θₜ₊₁) + log p(θₜ₊₁) from the sweep that gathers the next step's. The result's ELBO, of the last M step's q under
/// the final θ as an in-memory fit reports it, takes one more sweep. A Gaussian mixture in memory runs here too, as a source
/// of one block.
/// </summary>
internal sealed class StreamedEmRun : IFitRun
{
    readonly IStreamedEm _algorithm;
    readonly ISweepExecutor _sweeps;
    readonly IReadOnlyList<string> _columnNames;
    readonly int _restart, _rows;
    readonly double _regularization;
    readonly CancellationToken _cancellation;
    ILatentModel _model, _previous;
    MixtureSums _sums;

    /// <param name="start">The rows the start is drawn from: every row of a small source, a sample of a large one.</param>
    /// <param name="cancellation">Stops a sweep under way; the run keeps its last complete iteration.</param>
    public StreamedEmRun(IStreamedEm algorithm, ISweepExecutor sweeps, IReadOnlyList<string> columnNames, int rows, DataMatrix start, int restart,
        Random random, double regularization, CancellationToken cancellation = default)
    {
        _algorithm = algorithm;
        _sweeps = sweeps;
        _columnNames = columnNames;
        _rows = rows;
        _restart = restart;
        _regularization = regularization;
        _cancellation = cancellation;
        _model = EmRun.Guard(() => algorithm.Initialize(start, random), 0, restart, regularization);
        _previous = _model;
        _sums = Sweep(_model);
        Objective = EmRun.CheckedObjective(_sums.LogLikelihood, algorithm.LogPrior(_model), 0, restart);
    }

    /// <summary>A restart over rows held in memory, as a source of one block (the matrix itself).</summary>
    public static StreamedEmRun InMemory(IStreamedEm algorithm, DataMatrix data, int restart, Random random, double regularization) =>
        new(algorithm, new SourceSweep(algorithm, new MatrixSource(data)), data.ColumnNames, data.Rows, data, restart, random, regularization);

    public double Objective { get; private set; }

    public void Iterate(int iteration)
    {
        var next = EmRun.Guard(() => _algorithm.Update(_model, _sums, _columnNames, _rows, _sweeps.Held), iteration, _restart, _regularization);
        // The sweep comes before any field changes, so a sweep cancelled part way leaves the last complete iteration.
        var sums = Sweep(next);
        _previous = _model;
        _model = next;
        _sums = sums;
        Objective = EmRun.CheckedObjective(_sums.LogLikelihood, _algorithm.LogPrior(_model), iteration, _restart);
    }

    /// <summary>The statistics of every row under <paramref name="model"/>, added in block (and shard) order.</summary>
    MixtureSums Sweep(ILatentModel model)
    {
        var total = _sweeps.Sweep(model, _cancellation);
        if (total.Rows != _rows)
            throw DataException.RowsChanged(_sweeps.Name, _rows, total.Rows);
        return total.Sums;
    }

    public FittedRun Result()
    {
        // Data held in memory keeps q(z) of every row, as an in-memory fit reports it.
        if (_sweeps.Held is { } held)
        {
            var q = ((DiscreteLatentModel)_previous).Posterior(held, out _);
            return new FittedRun(_model, null, _sums.LogLikelihood, _model.Elbo(held, q), q);
        }
        // The result is asked for after a cancelled sweep too: its own sweep is not cancelled.
        var final = _sweeps.Final(_previous, _model, CancellationToken.None);
        return new FittedRun(_model, null, _sums.LogLikelihood, final.Elbo, new StreamedPosterior(final.Counts, _rows, _sweeps.Name));
    }
}
