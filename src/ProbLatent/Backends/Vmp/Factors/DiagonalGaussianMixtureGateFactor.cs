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
/// Both parameter messages come from the statistics Nₖ, Σₙ rₙₖ xₙⱼ and Σₙ rₙₖ xₙⱼ², which the plate's pass gathers
/// (<see cref="DiagonalComponentStatistics"/>).
/// </summary>
internal sealed class DiagonalGaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    DataMatrix _data = null!;                    // the rows of the plate's current block
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly int _k, _d;
    readonly DiagonalComponentStatistics _statistics;
    readonly double[] _constants;                // per pass: Σⱼ ½(E[log λₖⱼ] − log 2π − E[λₖⱼ] vₖⱼ), K

    public DiagonalGaussianMixtureGateFactor(string name, GaussianArrayNode means, GammaArrayNode precisions, int components)
        : base(name)
    {
        if (means.Count % components != 0 || precisions.Count != means.Count)
            throw new ArgumentException($"means and precisions must both hold {components}×d scalars");
        _means = means;
        _precisions = precisions;
        _k = components;
        _d = means.Count / components;
        _statistics = new DiagonalComponentStatistics(means, precisions, components);
        _constants = new double[_k];
    }

    public override bool IsLikelihood => true;

    /// <summary>The statistics of q(z) the last pass gathered, which the parameters' messages read.</summary>
    public DiagonalComponentStatistics Statistics => _statistics;

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

    public void BeginBlock(DataMatrix rows) => _data = rows;

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
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * _d).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * _d, _k * _d).CopyTo(_statistics.Squares);
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
