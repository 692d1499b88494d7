using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;
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
internal sealed class LatentGaussianGateFactor : LatentGateFactor
{
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly GaussianComponentStatistics _statistics;

    public LatentGaussianGateFactor(string name, FactorMixturePlateNode plate, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name, plate)
    {
        if (means.Count != plate.Components || means.Dimension != plate.Dimension || precisions.Count != plate.Components || precisions.Dimension != plate.Dimension)
            throw new ArgumentException($"factor '{name}': the means and precisions must be {plate.Components} of dimension {plate.Dimension}");
        _means = means;
        _precisions = precisions;
        _statistics = new GaussianComponentStatistics(means, precisions);
    }

    protected override int SecondMomentLength => Dimension * Dimension;

    protected override (double[] Counts, double[] Sums, double[] SecondMoments) Statistics => (_statistics.Counts, _statistics.Sums, _statistics.Scatters);

    protected override void ComponentMessages(Span<double> precisions, Span<double> precisionMeans)
    {
        int q = Dimension, qq = q * q;
        for (int k = 0; k < Components; k++)
        {
            var lambda = _precisions.Mean(k);
            var block = precisions.Slice(k * qq, qq);
            for (int i = 0; i < qq; i++) block[i] += lambda[i];
            MultivariateGaussian.PrecisionMeanOf(_means.Mean(k), lambda, precisionMeans.Slice(k * q, q));
        }
    }

    protected override double LogConstant(FactorMixturePlateNode plate, int k)
    {
        int q = Dimension, qq = q * q;
        var lambda = _precisions.Mean(k);
        var spread = _means.Covariance(k);
        var s = plate.Covariance(k);
        double trace = 0;
        for (int i = 0; i < qq; i++) trace += lambda[i] * (spread[i] + s[i]);
        return 0.5 * (_precisions.MeanLogDeterminant[k] - q * SpecialFunctions.Log2Pi - trace);
    }

    protected override double Quadratic(int k, ReadOnlySpan<double> m)
    {
        int q = Dimension;
        Span<double> r = stackalloc double[q];
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
        return quadratic;
    }

    /// <summary>The lower triangle of w mmᵀ.</summary>
    protected override void AddSecondMoments(Span<double> scatter, double w, ReadOnlySpan<double> m)
    {
        int q = Dimension;
        for (int a = 0; a < q; a++)
        {
            double wa = w * m[a];
            for (int b = 0; b <= a; b++) scatter[a * q + b] += wa * m[b];
        }
    }

    /// <summary>Σₙ rₙₖ E[hₙhₙᵀ | k] = Σₙ rₙₖ mₙₖmₙₖᵀ + Nₖ Sₖ.</summary>
    protected override void CompleteSecondMoments(FactorMixturePlateNode plate)
    {
        int q = Dimension, qq = q * q;
        MixtureMoments.MirrorLowerTriangles(_statistics.Scatters, Components, q);
        for (int k = 0; k < Components; k++)
        {
            var s = plate.Covariance(k);
            for (int i = 0; i < qq; i++) _statistics.Scatters[k * qq + i] += _statistics.Counts[k] * s[i];
        }
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
