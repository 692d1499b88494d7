using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate over a latent instead of data: hₙ | cₙ = k ~ N(μₖ, Λₖ⁻¹) on a structured plate q(cₙ) q(hₙ | cₙ)
/// (a mixture of common factor analysers, whose factors sit apart per component). Given k, q(hₙ | k) = N(mₙₖ, Sₖ):
/// <list type="bullet">
/// <item>to hₙ given k: precision E[Λₖ], precision-times-mean E[Λₖ] E[μₖ] (the same for every point);</item>
/// <item>to cₙ = k: ½E[log|Λₖ|] − q/2 log 2π − ½[(mₙₖ − E[μₖ])ᵀE[Λₖ](mₙₖ − E[μₖ]) + tr(E[Λₖ](Cov[μₖ] + Sₖ))];</item>
/// <item>to μ and Λ: the observed gate's messages (<see cref="GaussianComponentStatistics"/>) with E[hₙ | k] and
/// E[hₙhₙᵀ | k] = mₙₖmₙₖᵀ + Sₖ in place of the data, weighted by rₙₖ.</item>
/// </list>
/// It is h's prior, not an observation: its average log is part of the ELBO's prior term.
/// </summary>
internal sealed class LatentGaussianGateFactor : Factor, IFactorMixturePlateFactor
{
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly int _k, _q;
    readonly GaussianComponentStatistics _statistics;
    readonly double[] _precisionMeans;   // per pass: E[Λₖ] E[μₖ], K×q

    public LatentGaussianGateFactor(string name, FactorMixturePlateNode plate, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name)
    {
        if (means.Count != plate.Components || means.Dimension != plate.Dimension || precisions.Count != plate.Components || precisions.Dimension != plate.Dimension)
            throw new ArgumentException($"factor '{name}': the means and precisions must be {plate.Components} of dimension {plate.Dimension}");
        _means = means;
        _precisions = precisions;
        _k = plate.Components;
        _q = plate.Dimension;
        _statistics = new GaussianComponentStatistics(means, precisions);
        _precisionMeans = new double[_k * _q];
    }

    public int StatisticsLength => _k * (1 + _q + _q * _q);

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions)
    {
        int q = _q, qq = q * q;
        for (int k = 0; k < _k; k++)
        {
            var lambda = _precisions.Mean(k);
            var mean = _means.Mean(k);
            for (int i = 0; i < q; i++)
            {
                double pm = 0;
                for (int j = 0; j < q; j++)
                {
                    precisions[k * qq + i * q + j] += lambda[i * q + j];
                    pm += lambda[i * q + j] * mean[j];
                }
                _precisionMeans[k * q + i] = pm;
            }
        }
    }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        for (int n = 0; n < end - start; n++)
            for (int i = 0; i < _k * _q; i++) precisionMeans[n * _k * _q + i] += _precisionMeans[i];
    }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int q = _q, qq = q * q;
        Span<double> constants = _k <= 64 ? stackalloc double[_k] : new double[_k];
        Span<double> r = stackalloc double[q];
        for (int k = 0; k < _k; k++)
        {
            var lambda = _precisions.Mean(k);
            var spread = _means.Covariance(k);
            var s = plate.Covariance(k);
            double trace = 0;
            for (int i = 0; i < qq; i++) trace += lambda[i] * (spread[i] + s[i]);
            constants[k] = 0.5 * (_precisions.MeanLogDeterminant[k] - q * SpecialFunctions.Log2Pi - trace);
        }
        for (int n = 0; n < end - start; n++)
            for (int k = 0; k < _k; k++)
            {
                var m = means.Slice((n * _k + k) * q, q);
                var mean = _means.Mean(k);
                var lambda = _precisions.Mean(k);
                for (int i = 0; i < q; i++) r[i] = m[i] - mean[i];
                double quadratic = 0;
                for (int i = 0; i < q; i++)
                {
                    double row = 0;
                    for (int j = 0; j < q; j++) row += lambda[i * q + j] * r[j];
                    quadratic += r[i] * row;
                }
                logPotentials[n * _k + k] += constants[k] - 0.5 * quadratic;
            }
    }

    /// <summary>Per component: Nₖ, Σₙ rₙₖ mₙₖ and the lower triangle of Σₙ rₙₖ mₙₖmₙₖᵀ.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = _q, k = _k;
        var counts = statistics[..k];
        var sums = statistics.Slice(k, k * q);
        var scatters = statistics.Slice(k + k * q, k * q * q);
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++)
            {
                double w = responsibilities[n * k + c];
                if (w == 0) continue;
                var m = means.Slice((n * k + c) * q, q);
                counts[c] += w;
                for (int a = 0; a < q; a++)
                {
                    double wa = w * m[a];
                    sums[c * q + a] += wa;
                    for (int b = 0; b <= a; b++) scatters[c * q * q + a * q + b] += wa * m[b];
                }
            }
    }

    /// <summary>Keeps the statistics, completing Σₙ rₙₖ E[hₙhₙᵀ | k] = Σₙ rₙₖ mₙₖmₙₖᵀ + Nₖ Sₖ.</summary>
    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        int q = _q, qq = q * q;
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * q).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * q, _k * qq).CopyTo(_statistics.Scatters);
        MixtureMoments.MirrorLowerTriangles(_statistics.Scatters, _k, q);
        for (int k = 0; k < _k; k++)
        {
            var s = plate.Covariance(k);
            for (int i = 0; i < qq; i++) _statistics.Scatters[k * qq + i] += _statistics.Counts[k] * s[i];
        }
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
