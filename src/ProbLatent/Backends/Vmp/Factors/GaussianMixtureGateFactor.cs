using System.Numerics.Tensors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate: an observed xₙ ~ N(μ_zₙ, Λ_zₙ⁻¹), its mean and precision selected by the discrete zₙ.
/// To z: E[log N(xₙ | μₖ, Λₖ⁻¹)] = ½E[log|Λₖ|] − d/2 log 2π − ½[(xₙ − mₖ)ᵀE[Λₖ](xₙ − mₖ) + tr(E[Λₖ]Σₖ)].
/// To μ and Λ: messages built from the statistics Nₖ = Σₙ rₙₖ, Σₙ rₙₖ xₙ and Σₙ rₙₖ xₙxₙᵀ, which the plate's pass
/// gathers, so neither message reads the data again.
/// </summary>
internal sealed class GaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly double[] _columns;                   // the data column by column (column j at j·N), so a block's rows are contiguous per dimension
    readonly int _rows;
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly int _k, _d;
    readonly double[] _counts, _sums, _scatters;  // K, K×d, K×d×d
    readonly double[] _lower, _constants;         // per pass: Cholesky factors L of E[Λₖ] = LLᵀ, and the per-component constants
    readonly double[] _projectedMeans;            // per pass: Lᵀmₖ, K×d

    public GaussianMixtureGateFactor(string name, DataMatrix data, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name)
    {
        _rows = data.Rows;
        _columns = new double[data.Rows * data.Columns];
        for (int j = 0; j < data.Columns; j++)
            for (int n = 0; n < data.Rows; n++) _columns[j * _rows + n] = data[n, j];
        _means = means;
        _precisions = precisions;
        _k = means.Count;
        _d = means.Dimension;
        _counts = new double[_k];
        _sums = new double[_k * _d];
        _scatters = new double[_k * _d * _d];
        _lower = new double[_k * _d * _d];
        _constants = new double[_k];
        _projectedMeans = new double[_k * _d];
    }

    public override bool IsLikelihood => true;

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
            _constants[k] = 0.5 * (_precisions.MeanLogDeterminant[k] - d * SpecialFunctions.Log2Pi - Trace(precision, _means.Covariance(k)));
        }
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
        statistics.AsSpan(0, _k).CopyTo(_counts);
        statistics.AsSpan(_k, _k * d).CopyTo(_sums);
        statistics.AsSpan(_k + _k * d, _k * dd).CopyTo(_scatters);
        MixtureMoments.MirrorLowerTriangles(_scatters, _k, d);
    }

    public override void SendTo(Node argument)
    {
        if (argument == _means) ToMeans(_means);
        else if (argument == _precisions) ToPrecisions(_precisions);
        else throw NotAnArgument(argument);
    }

    /// <summary>To μₖ: precision Nₖ E[Λₖ], precision-times-mean E[Λₖ] Σₙ rₙₖ xₙ.</summary>
    void ToMeans(VectorGaussianArrayNode node)
    {
        int d = _d, dd = d * d;
        for (int k = 0; k < _k; k++)
        {
            var precision = _precisions.Mean(k);
            for (int i = 0; i < d; i++)
            {
                double pm = 0;
                for (int j = 0; j < d; j++)
                {
                    node.PrecisionSum[k * dd + i * d + j] += _counts[k] * precision[i * d + j];
                    pm += precision[i * d + j] * _sums[k * d + j];
                }
                node.PrecisionMeanSum[k * d + i] += pm;
            }
        }
    }

    /// <summary>To Λₖ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(xₙ − μₖ)(xₙ − μₖ)ᵀ].</summary>
    void ToPrecisions(WishartArrayNode node)
    {
        int dd = _d * _d;
        var scatter = new double[dd];
        for (int k = 0; k < _k; k++)
        {
            ExpectedScatter(k, scatter);
            node.ShapeSum[k] += 0.5 * _counts[k];
            for (int i = 0; i < dd; i++) node.RateSum[k * dd + i] += 0.5 * scatter[i];
        }
    }

    /// <summary>Σₖ Nₖ(½E[log|Λₖ|] − d/2 log 2π) − ½ tr(E[Λₖ] Σₙ rₙₖ E[(xₙ − μₖ)(xₙ − μₖ)ᵀ]).</summary>
    public override double AverageLog()
    {
        int dd = _d * _d;
        var scatter = new double[dd];
        double value = 0;
        for (int k = 0; k < _k; k++)
        {
            ExpectedScatter(k, scatter);
            value += _counts[k] * 0.5 * (_precisions.MeanLogDeterminant[k] - _d * SpecialFunctions.Log2Pi)
                     - 0.5 * Trace(_precisions.Mean(k), scatter);
        }
        return value;
    }

    /// <summary>Σₙ rₙₖ E[(xₙ − μₖ)(xₙ − μₖ)ᵀ] = Σ rxxᵀ − m(Σrx)ᵀ − (Σrx)mᵀ + Nₖ(mmᵀ + Σₖ), from the statistics alone.</summary>
    void ExpectedScatter(int k, Span<double> result)
    {
        int d = _d, dd = d * d;
        var m = _means.Mean(k);
        var covariance = _means.Covariance(k);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                result[i * d + j] = _scatters[k * dd + i * d + j] - m[i] * _sums[k * d + j] - _sums[k * d + i] * m[j]
                                    + _counts[k] * (m[i] * m[j] + covariance[i * d + j]);
    }

    /// <summary>tr(A B) for symmetric d×d A and B.</summary>
    static double Trace(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double t = 0;
        for (int i = 0; i < a.Length; i++) t += a[i] * b[i];
        return t;
    }
}
