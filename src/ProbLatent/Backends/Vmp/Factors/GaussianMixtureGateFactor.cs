using System.Numerics.Tensors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate: an observed xₙ ~ N(μ_zₙ, Λ_zₙ⁻¹), its mean and precision selected by the discrete zₙ.
/// To z: E[log N(xₙ | μₖ, Λₖ⁻¹)] = ½E[log|Λₖ|] − d/2 log 2π − ½[(xₙ − mₖ)ᵀE[Λₖ](xₙ − mₖ) + tr(E[Λₖ]Σₖ)].
/// To μ and Λ: messages built from the statistics Nₖ = Σₙ rₙₖ, Σₙ rₙₖ xₙ and Σₙ rₙₖ xₙxₙᵀ, which the plate's pass
/// gathers, so neither message reads the data again (<see cref="GaussianComponentStatistics"/>).
/// </summary>
internal sealed class GaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    DataMatrix? _block;                           // the rows of the plate's current block
    double[] _columns = [];                       // the block column by column (column j at j·N), so a row block's rows are contiguous per dimension
    int _rows;
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly int _k, _d;
    readonly GaussianComponentStatistics _statistics;
    readonly double[] _lower, _constants;         // per pass: Cholesky factors L of E[Λₖ] = LLᵀ, and the per-component constants
    readonly double[] _projectedMeans;            // per pass: Lᵀmₖ, K×d

    public GaussianMixtureGateFactor(string name, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name)
    {
        _means = means;
        _precisions = precisions;
        _k = means.Count;
        _d = means.Dimension;
        _statistics = new GaussianComponentStatistics(means, precisions);
        _lower = new double[_k * _d * _d];
        _constants = new double[_k];
        _projectedMeans = new double[_k * _d];
    }

    public override bool IsLikelihood => true;

    /// <summary>The statistics of q(z) the last pass gathered, which the parameters' messages read.</summary>
    public GaussianComponentStatistics Statistics => _statistics;

    public int StatisticsLength => _k * (1 + _d + _d * _d);

    public void BeginPass(DiscretePlateNode plate)
    {
        int d = _d, dd = d * d;
        for (int k = 0; k < _k; k++)
        {
            var precision = _precisions.Mean(k);
            Cholesky.Factor(precision, d, $"E[{_precisions.Name}[{k}]]").Lower.CopyTo(_lower.AsSpan(k * dd, dd));
            var mean = _means.Mean(k);
            for (int i = 0; i < d; i++)
            {
                double y = 0;
                for (int j = i; j < d; j++) y += _lower[k * dd + j * d + i] * mean[j];
                _projectedMeans[k * d + i] = y;
            }
            _constants[k] = 0.5 * (_precisions.MeanLogDeterminant[k] - d * SpecialFunctions.Log2Pi - GaussianComponentStatistics.Trace(precision, _means.Covariance(k)));
        }
    }

    /// <summary>Lays the block out column by column, once for data held in memory, whose block is the same matrix on every pass.</summary>
    public void BeginBlock(DataMatrix rows)
    {
        if (ReferenceEquals(rows, _block)) return;
        _block = rows;
        _rows = rows.Rows;
        if (_columns.Length != rows.Rows * _d) _columns = new double[rows.Rows * _d];
        for (int j = 0; j < _d; j++)
            for (int n = 0; n < _rows; n++) _columns[j * _rows + n] = rows[n, j];
    }

    /// <summary>
    /// (x − m)ᵀ LLᵀ (x − m) = ‖Lᵀx − Lᵀm‖², with Lᵀm computed once per pass. The block is processed a component
    /// and a dimension at a time over contiguous columns, so every step is one vectorised operation on all its rows.
    /// </summary>
    public void AddLogMessages(DiscretePlateNode plate, int start, int end, Span<double> logPotentials)
    {
        int d = _d, dd = d * d, k = _k, rows = end - start;
        Span<double> quad = rows <= 1024 ? stackalloc double[rows] : new double[rows];
        Span<double> y = rows <= 1024 ? stackalloc double[rows] : new double[rows];
        for (int c = 0; c < k; c++)
        {
            quad.Clear();
            for (int i = 0; i < d; i++)
            {
                y.Fill(-_projectedMeans[c * d + i]);
                for (int j = i; j < d; j++)
                    TensorPrimitives.MultiplyAdd(_columns.AsSpan(j * _rows + start, rows), _lower[c * dd + j * d + i], y, y);
                TensorPrimitives.MultiplyAdd(y, y, quad, quad);
            }
            double constant = _constants[c];
            for (int n = 0; n < rows; n++) logPotentials[n * k + c] += constant - 0.5 * quad[n];
        }
    }

    /// <summary>Nₖ, Σ rₙₖxₙ and the lower triangle of Σ rₙₖxₙxₙᵀ over the block, from its columns.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = _d, k = _k;
        MixtureMoments.AddColumns(_columns, _rows, start, end - start, d, probabilities, k, [],
            statistics[..k], statistics.Slice(k, k * d), statistics.Slice(k + k * d, k * d * d), MixtureMoments.Second.LowerTriangle);
    }

    public void EndPass(double[] statistics)
    {
        int d = _d, dd = d * d;
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * d).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * d, _k * dd).CopyTo(_statistics.Scatters);
        MixtureMoments.MirrorLowerTriangles(_statistics.Scatters, _k, d);
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
