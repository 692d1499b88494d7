using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>The Beta distribution on [0, 1]: p(x) = xᵃ⁻¹ (1 − x)ᵇ⁻¹ / B(a, b), with a, b &gt; 0.</summary>
public sealed class Beta : IUnivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <param name="alpha">a &gt; 0 (pseudo-count of ones).</param>
    /// <param name="beta">b &gt; 0 (pseudo-count of zeros).</param>
    public Beta(double alpha, double beta)
    {
        Alpha = Parameters.Positive(nameof(Beta), nameof(alpha), alpha);
        BetaParameter = Parameters.Positive(nameof(Beta), nameof(beta), beta);
        LogNormalizer = SpecialFunctions.LogBeta(Alpha, BetaParameter);
    }

    /// <summary>The uniform distribution Beta(1, 1).</summary>
    public static Beta Uniform { get; } = new(1, 1);

    public double Alpha { get; }

    /// <summary>The second shape parameter b (named so as not to clash with the type name).</summary>
    public double BetaParameter { get; }

    /// <summary>log B(a, b).</summary>
    public double LogNormalizer { get; }

    /// <summary>The natural parameters of Beta(a, b) as variational messages add them: a − 1 against log x, b − 1 against log(1 − x).</summary>
    public static (double AlphaMinusOne, double BetaMinusOne) NaturalOf(double alpha, double beta) => (alpha - 1, beta - 1);

    /// <summary>The a and b of the Beta whose natural parameters (<see cref="NaturalOf"/>) are a − 1 and b − 1.</summary>
    public static (double Alpha, double Beta) OfNatural(double alphaMinusOne, double betaMinusOne) => (alphaMinusOne + 1, betaMinusOne + 1);

    // ---- statistics ---------------------------------------------------------------------------

    public double Mean => Alpha / (Alpha + BetaParameter);

    public double Variance
    {
        get
        {
            double s = Alpha + BetaParameter;
            return Alpha * BetaParameter / (s * s * (s + 1));
        }
    }

    /// <summary>E[log x] = ψ(a) − ψ(a + b).</summary>
    public double MeanLog => MeanLogsOf(Alpha, BetaParameter).MeanLog;

    /// <summary>E[log(1 − x)] = ψ(b) − ψ(a + b).</summary>
    public double MeanLogComplement => MeanLogsOf(Alpha, BetaParameter).MeanLogComplement;

    /// <summary>E[log x] = ψ(a) − ψ(a + b) and E[log(1 − x)] = ψ(b) − ψ(a + b) of Beta(a, b), ψ(a + b) taken once.</summary>
    public static (double MeanLog, double MeanLogComplement) MeanLogsOf(double alpha, double beta)
    {
        double digammaTotal = SpecialFunctions.Digamma(alpha + beta);
        return (SpecialFunctions.Digamma(alpha) - digammaTotal, SpecialFunctions.Digamma(beta) - digammaTotal);
    }

    /// <summary>log B(a, b) − (a − 1) ψ(a) − (b − 1) ψ(b) + (a + b − 2) ψ(a + b).</summary>
    public double Entropy() =>
        LogNormalizer - (Alpha - 1) * SpecialFunctions.Digamma(Alpha) - (BetaParameter - 1) * SpecialFunctions.Digamma(BetaParameter)
        + (Alpha + BetaParameter - 2) * SpecialFunctions.Digamma(Alpha + BetaParameter);

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>(a − 1) log x + (b − 1) log(1 − x) − log B(a, b) on [0, 1], with log(1 − x) by log1p; −∞ outside.</summary>
    public double LogDensity(double x)
    {
        Parameters.NotNaN(nameof(Beta), x);
        if (x < 0 || x > 1) return double.NegativeInfinity;
        double a = Alpha == 1 ? 0 : (Alpha - 1) * Math.Log(x);
        double b = BetaParameter == 1 ? 0 : (BetaParameter - 1) * SpecialFunctions.Log1p(-x);
        return a + b - LogNormalizer;
    }

    /// <summary>
    /// E_q[log Beta(x | a, b)] = (a − 1) E[log x] + (b − 1) E[log(1 − x)] − log B(a, b) under any q of x with those
    /// expectations: a VMP prior factor's term.
    /// </summary>
    public static double ExpectedLogDensity(double alpha, double beta, double meanLog, double meanLogComplement) =>
        (alpha - 1) * meanLog + (beta - 1) * meanLogComplement - SpecialFunctions.LogBeta(alpha, beta);

    // ---- sampling -----------------------------------------------------------------------------

    /// <summary>X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b), formed in log space.</summary>
    public double Sample(Random random) => random.NextBeta(Alpha, BetaParameter);

    public override string ToString() => $"Beta({Alpha}, {BetaParameter})";
}
