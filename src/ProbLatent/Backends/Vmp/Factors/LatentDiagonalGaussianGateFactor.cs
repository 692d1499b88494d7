using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The diagonal mixture gate over a latent: hₙᵢ | cₙ = k ~ N(μₖᵢ, 1/λₖᵢ) on a structured plate q(cₙ) q(hₙ | cₙ), with
/// scalar means and precisions (K×q arrays, index k·q + i). Given k, q(hₙ | k) = N(mₙₖ, Sₖ):
/// <list type="bullet">
/// <item>to hₙ given k: precision diag(E[λₖ]), precision-times-mean E[λₖᵢ] E[μₖᵢ];</item>
/// <item>to cₙ = k: Σᵢ ½(E[log λₖᵢ] − log 2π) − ½ E[λₖᵢ]((mₙₖᵢ − E[μₖᵢ])² + Var[μₖᵢ] + (Sₖ)ᵢᵢ);</item>
/// <item>to μ and λ: the observed diagonal gate's messages (<see cref="DiagonalComponentStatistics"/>) with E[hₙᵢ | k] and
/// E[hₙᵢ² | k] = mₙₖᵢ² + (Sₖ)ᵢᵢ in place of the data, weighted by rₙₖ.</item>
/// </list>
/// It is h's prior, not an observation: its average log is part of the ELBO's prior term.
/// </summary>
internal sealed class LatentDiagonalGaussianGateFactor : Factor, IFactorMixturePlateFactor
{
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly int _k, _q;
    readonly DiagonalComponentStatistics _statistics;

    public LatentDiagonalGaussianGateFactor(string name, FactorMixturePlateNode plate, GaussianArrayNode means, GammaArrayNode precisions) : base(name)
    {
        if (means.Count != plate.Components * plate.Dimension || precisions.Count != means.Count)
            throw new ArgumentException($"factor '{name}': the means and precisions must both hold {plate.Components}×{plate.Dimension} scalars");
        _means = means;
        _precisions = precisions;
        _k = plate.Components;
        _q = plate.Dimension;
        _statistics = new DiagonalComponentStatistics(means, precisions, _k);
    }

    public int StatisticsLength => _k * (1 + 2 * _q);

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions)
    {
        int q = _q;
        for (int k = 0; k < _k; k++)
            for (int i = 0; i < q; i++) precisions[k * q * q + i * q + i] += _precisions.Mean[k * q + i];
    }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        int size = _k * _q;
        for (int n = 0; n < end - start; n++)
            for (int i = 0; i < size; i++) precisionMeans[n * size + i] += _precisions.Mean[i] * _means.Mean[i];
    }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int q = _q;
        Span<double> constants = _k <= 64 ? stackalloc double[_k] : new double[_k];
        for (int k = 0; k < _k; k++)
        {
            var s = plate.Covariance(k);
            double c = 0;
            for (int i = 0; i < q; i++)
            {
                int t = k * q + i;
                c += 0.5 * (_precisions.MeanLog[t] - SpecialFunctions.Log2Pi - _precisions.Mean[t] * (_means.Variance[t] + s[i * q + i]));
            }
            constants[k] = c;
        }
        for (int n = 0; n < end - start; n++)
            for (int k = 0; k < _k; k++)
            {
                var m = means.Slice((n * _k + k) * q, q);
                double quadratic = 0;
                for (int i = 0; i < q; i++)
                {
                    double r = m[i] - _means.Mean[k * q + i];
                    quadratic += _precisions.Mean[k * q + i] * r * r;
                }
                logPotentials[n * _k + k] += constants[k] - 0.5 * quadratic;
            }
    }

    /// <summary>Per component: Nₖ, Σₙ rₙₖ mₙₖᵢ and Σₙ rₙₖ mₙₖᵢ².</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = _q, k = _k;
        var counts = statistics[..k];
        var sums = statistics.Slice(k, k * q);
        var squares = statistics.Slice(k + k * q, k * q);
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++)
            {
                double w = responsibilities[n * k + c];
                if (w == 0) continue;
                var m = means.Slice((n * k + c) * q, q);
                counts[c] += w;
                for (int i = 0; i < q; i++)
                {
                    double wm = w * m[i];
                    sums[c * q + i] += wm;
                    squares[c * q + i] += wm * m[i];
                }
            }
    }

    /// <summary>Keeps the statistics, completing Σₙ rₙₖ E[hₙᵢ² | k] = Σₙ rₙₖ mₙₖᵢ² + Nₖ (Sₖ)ᵢᵢ.</summary>
    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        int q = _q;
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * q).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * q, _k * q).CopyTo(_statistics.Squares);
        for (int k = 0; k < _k; k++)
        {
            var s = plate.Covariance(k);
            for (int i = 0; i < q; i++) _statistics.Squares[k * q + i] += _statistics.Counts[k] * s[i * q + i];
        }
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
