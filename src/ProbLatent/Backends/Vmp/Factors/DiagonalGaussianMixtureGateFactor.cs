using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate with diagonal covariances: an observed xₙⱼ ~ N(μ_zₙⱼ, 1/λ_zₙⱼ), with independent scalar means μₖⱼ
/// and precisions λₖⱼ (both K×d arrays, index k·d + j) selected by the discrete zₙ.
/// To z: Σⱼ ½E[log λₖⱼ] − ½ log 2π − ½E[λₖⱼ]((xₙⱼ − mₖⱼ)² + vₖⱼ).
/// To μₖⱼ: precision Nₖ E[λₖⱼ], precision-times-mean E[λₖⱼ] Σₙ rₙₖ xₙⱼ.
/// To λₖⱼ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(xₙⱼ − μₖⱼ)²].
/// Both parameter messages come from the statistics Nₖ, Σₙ rₙₖ xₙⱼ and Σₙ rₙₖ xₙⱼ², which the plate's pass gathers.
/// </summary>
internal sealed class DiagonalGaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly DataMatrix _data;
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly int _k, _d;
    readonly double[] _counts, _sums, _squares;  // K, K×d, K×d
    readonly double[] _constants;                // per pass: Σⱼ ½(E[log λₖⱼ] − log 2π − E[λₖⱼ] vₖⱼ), K

    public DiagonalGaussianMixtureGateFactor(string name, DataMatrix data, GaussianArrayNode means, GammaArrayNode precisions, int components)
        : base(name)
    {
        if (means.Count != components * data.Columns || precisions.Count != means.Count)
            throw new ArgumentException($"means and precisions must both hold {components}×{data.Columns} scalars");
        _data = data;
        _means = means;
        _precisions = precisions;
        _k = components;
        _d = data.Columns;
        _counts = new double[_k];
        _sums = new double[_k * _d];
        _squares = new double[_k * _d];
        _constants = new double[_k];
    }

    public override bool IsLikelihood => true;

    public int StatisticsLength => _k * (1 + 2 * _d);

    public void BeginPass(DiscretePlateNode plate)
    {
        for (int k = 0; k < _k; k++)
        {
            double c = 0;
            for (int j = 0; j < _d; j++)
            {
                int i = k * _d + j;
                c += 0.5 * (_precisions.MeanLog[i] - SpecialFunctions.Log2Pi - _precisions.Mean[i] * _means.Variance[i]);
            }
            _constants[k] = c;
        }
    }

    public void AddLogMessages(DiscretePlateNode plate, int start, int end, Span<double> logPotentials)
    {
        int d = _d;
        var m = _means.Mean;
        var lambda = _precisions.Mean;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var row = logPotentials.Slice((n - start) * _k, _k);
            for (int k = 0; k < _k; k++)
            {
                double quad = 0;
                for (int j = 0; j < d; j++)
                {
                    double r = x[j] - m[k * d + j];
                    quad += lambda[k * d + j] * r * r;
                }
                row[k] += _constants[k] - 0.5 * quad;
            }
        }
    }

    /// <summary>Nₖ, Σ rₙₖxₙⱼ and Σ rₙₖxₙⱼ² over the block.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = _d, k = _k;
        MixtureMoments.AddRows(_data.Values.Slice(start * d, (end - start) * d), end - start, d, probabilities, k, [],
            statistics[..k], statistics.Slice(k, k * d), statistics.Slice(k + k * d, k * d), MixtureMoments.Second.Diagonal);
    }

    public void EndPass(double[] statistics)
    {
        statistics.AsSpan(0, _k).CopyTo(_counts);
        statistics.AsSpan(_k, _k * _d).CopyTo(_sums);
        statistics.AsSpan(_k + _k * _d, _k * _d).CopyTo(_squares);
    }

    public override void SendTo(Node argument)
    {
        if (argument == _means) ToMeans(_means);
        else if (argument == _precisions) ToPrecisions(_precisions);
        else throw NotAnArgument(argument);
    }

    /// <summary>To μₖⱼ: precision Nₖ E[λₖⱼ], precision-times-mean E[λₖⱼ] Σₙ rₙₖ xₙⱼ.</summary>
    void ToMeans(GaussianArrayNode node)
    {
        for (int i = 0; i < _k * _d; i++)
        {
            double lambda = _precisions.Mean[i];
            node.PrecisionSum[i] += _counts[i / _d] * lambda;
            node.PrecisionMeanSum[i] += lambda * _sums[i];
        }
    }

    /// <summary>To λₖⱼ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(xₙⱼ − μₖⱼ)²].</summary>
    void ToPrecisions(GammaArrayNode node)
    {
        for (int i = 0; i < _k * _d; i++)
        {
            node.ShapeSum[i] += 0.5 * _counts[i / _d];
            node.RateSum[i] += 0.5 * ExpectedSquares(i);
        }
    }

    /// <summary>Σₖⱼ Nₖ ½(E[log λₖⱼ] − log 2π) − ½ E[λₖⱼ] Σₙ rₙₖ E[(xₙⱼ − μₖⱼ)²].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _k * _d; i++)
            value += 0.5 * (_counts[i / _d] * (_precisions.MeanLog[i] - SpecialFunctions.Log2Pi) - _precisions.Mean[i] * ExpectedSquares(i));
        return value;
    }

    /// <summary>
    /// Σₙ rₙₖ E[(xₙⱼ − μₖⱼ)²] = Σ r x² − 2m Σ r x + Nₖ(m² + v), from the statistics alone. Never negative in exact
    /// arithmetic; the floor at 0 only removes rounding when a component holds (almost) nothing.
    /// </summary>
    double ExpectedSquares(int i)
    {
        double m = _means.Mean[i], n = _counts[i / _d];
        return Math.Max(0, _squares[i] - 2 * m * _sums[i] + n * (m * m + _means.Variance[i]));
    }
}
