using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// One EM restart of PPCA or factor analysis without missing cells, on the data's sample mean and covariance alone: the
/// E step's statistics are linear in S and log p(x | θ) is −N/2 (d log 2π + log|C| + tr(C⁻¹S)), so once x̄ and S are taken
/// (from a matrix in memory, or summed over a source's blocks or over shards in shard order) no iteration reads a row. Data
/// in memory and data read in passes therefore run the same arithmetic, step for step; the objective and the trace are
/// <see cref="EmRun"/>'s, and the result's ELBO, of the last M step's q under the final θ, is taken from the moments too.
/// </summary>
internal sealed class LinearGaussianMomentRun : IFitRun
{
    readonly LinearGaussianEm _algorithm;
    readonly DataMatrix? _held;
    readonly string _name;
    readonly int _rows, _restart;
    readonly double _regularization;
    LinearGaussianModel _model, _previous;

    /// <param name="algorithm">EM bound to the moments of every row (<see cref="LinearGaussianEm.For(LinearGaussianEm.Moments)"/>).</param>
    /// <param name="held">Every row, when they are in memory: the result then keeps q(z) of each.</param>
    /// <param name="name">What the data is called in the result's q(z) when the rows are not held.</param>
    public LinearGaussianMomentRun(LinearGaussianEm algorithm, DataMatrix start, DataMatrix? held, string name, int rows, int restart, Random random,
        double regularization)
    {
        _algorithm = algorithm;
        _held = held;
        _name = name;
        _rows = rows;
        _restart = restart;
        _regularization = regularization;
        _model = (LinearGaussianModel)EmRun.Guard(() => algorithm.Initialize(start, random), 0, restart, regularization);
        _previous = _model;
        Objective = EmRun.CheckedObjective(algorithm.LogLikelihood(_model), 0, 0, restart);
    }

    public double Objective { get; private set; }

    public void Iterate(int iteration)
    {
        var next = (LinearGaussianModel)EmRun.Guard(() => _algorithm.Maximize(_model), iteration, _restart, _regularization);
        Objective = EmRun.CheckedObjective(_algorithm.LogLikelihood(next), 0, iteration, _restart);
        _previous = _model;
        _model = next;
    }

    public FittedRun Result()
    {
        IPosterior q = _held is { } held ? _previous.Posterior(held) : new StreamedPosterior([_rows], _rows, _name);
        return new FittedRun(_model, null, _algorithm.LogLikelihood(_model), _algorithm.Elbo(_previous, _model), q);
    }
}
