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
internal sealed class LatentDiagonalGaussianGateFactor : LatentGateFactor
{
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly DiagonalComponentStatistics _statistics;

    public LatentDiagonalGaussianGateFactor(string name, FactorMixturePlateNode plate, GaussianArrayNode means, GammaArrayNode precisions) : base(name, plate)
    {
        if (means.Count != plate.Components * plate.Dimension || precisions.Count != means.Count)
            throw new ArgumentException($"factor '{name}': the means and precisions must both hold {plate.Components}×{plate.Dimension} scalars");
        _means = means;
        _precisions = precisions;
        _statistics = new DiagonalComponentStatistics(means, precisions, plate.Components);
    }

    protected override int SecondMomentLength => Dimension;

    protected override (double[] Counts, double[] Sums, double[] SecondMoments) Statistics => (_statistics.Counts, _statistics.Sums, _statistics.Squares);

    protected override void ComponentMessages(Span<double> precisions, Span<double> precisionMeans)
    {
        int q = Dimension;
        for (int k = 0; k < Components; k++)
            for (int i = 0; i < q; i++)
            {
                int t = k * q + i;
                precisions[k * q * q + i * q + i] += _precisions.Mean[t];
                precisionMeans[t] = _precisions.Mean[t] * _means.Mean[t];
            }
    }

    protected override double LogConstant(FactorMixturePlateNode plate, int k)
    {
        int q = Dimension;
        var s = plate.Covariance(k);
        double c = 0;
        for (int i = 0; i < q; i++)
        {
            int t = k * q + i;
            c += 0.5 * (_precisions.MeanLog[t] - SpecialFunctions.Log2Pi - _precisions.Mean[t] * (_means.Variance[t] + s[i * q + i]));
        }
        return c;
    }

    protected override double Quadratic(int k, ReadOnlySpan<double> m)
    {
        int q = Dimension;
        double quadratic = 0;
        for (int i = 0; i < q; i++)
        {
            double r = m[i] - _means.Mean[k * q + i];
            quadratic += _precisions.Mean[k * q + i] * r * r;
        }
        return quadratic;
    }

    /// <summary>w mᵢ² for each i.</summary>
    protected override void AddSecondMoments(Span<double> squares, double w, ReadOnlySpan<double> m)
    {
        for (int i = 0; i < Dimension; i++) squares[i] += w * m[i] * m[i];
    }

    /// <summary>Σₙ rₙₖ E[hₙᵢ² | k] = Σₙ rₙₖ mₙₖᵢ² + Nₖ (Sₖ)ᵢᵢ.</summary>
    protected override void CompleteSecondMoments(FactorMixturePlateNode plate)
    {
        int q = Dimension;
        for (int k = 0; k < Components; k++)
        {
            var s = plate.Covariance(k);
            for (int i = 0; i < q; i++) _statistics.Squares[k * q + i] += _statistics.Counts[k] * s[i * q + i];
        }
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
