using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// The Gamma distribution on x &gt; 0 with shape a and rate b:
/// p(x) = bᵃ xᵃ⁻¹ e^(−b x) / Γ(a), mean a/b, variance a/b².
/// </summary>
/// <remarks>
/// This is Infer.NET's parameterisation (its <c>Gamma</c> stores shape and rate, with
/// <c>Gamma.FromShapeAndRate</c> and <c>Gamma.FromShapeAndScale</c>, scale = 1/rate). NumPyro's
/// <c>Gamma(concentration, rate)</c> is the same; Distributions.jl's <c>Gamma(α, θ)</c> and MathNet's shape/scale
/// constructors use the scale θ = 1/b, for which use <see cref="FromShapeAndScale"/>.
/// </remarks>
public sealed class Gamma : IUnivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <param name="shape">a &gt; 0.</param>
    /// <param name="rate">b &gt; 0 (inverse scale).</param>
    public Gamma(double shape, double rate)
    {
        Shape = Parameters.Positive(nameof(Gamma), nameof(shape), shape);
        Rate = Parameters.Positive(nameof(Gamma), nameof(rate), rate);
    }

    public static Gamma FromShapeAndRate(double shape, double rate) => new(shape, rate);

    /// <summary>Gamma with shape a and scale θ = 1/b (mean a θ).</summary>
    public static Gamma FromShapeAndScale(double shape, double scale) =>
        new(shape, 1.0 / Parameters.Positive(nameof(Gamma), nameof(scale), scale));

    /// <summary>The Gamma with the given mean m &gt; 0 and variance v &gt; 0: a = m²/v, b = m/v.</summary>
    public static Gamma FromMeanAndVariance(double mean, double variance)
    {
        Parameters.Positive(nameof(Gamma), nameof(mean), mean);
        Parameters.Positive(nameof(Gamma), nameof(variance), variance);
        return new Gamma(mean * mean / variance, mean / variance);
    }

    public double Shape { get; }
    public double Rate { get; }
    public double Scale => 1.0 / Rate;

    /// <summary>
    /// The natural parameters of Gamma(a, b) as variational messages add them: a − 1 against log x, and the rate b
    /// against −x.
    /// </summary>
    public static (double ShapeMinusOne, double Rate) NaturalOf(double shape, double rate) => (shape - 1, rate);

    /// <summary>The shape and rate of the Gamma whose natural parameters (<see cref="NaturalOf"/>) are a − 1 and b.</summary>
    public static (double Shape, double Rate) OfNatural(double shapeMinusOne, double rate) => (shapeMinusOne + 1, rate);

    // ---- statistics ---------------------------------------------------------------------------

    public double Mean => Shape / Rate;
    public double Variance => Shape / (Rate * Rate);

    /// <summary>E[log x] = ψ(a) − log b, the expectation variational message passing needs.</summary>
    public double MeanLog => MeanLogOf(Shape, Rate);

    /// <summary>E[log x] = ψ(a) − log b of Gamma(a, b), for engines that hold shapes and rates in arrays.</summary>
    public static double MeanLogOf(double shape, double rate) => SpecialFunctions.Digamma(shape) - Math.Log(rate);

    /// <summary>a − log b + log Γ(a) + (1 − a) ψ(a).</summary>
    public double Entropy() =>
        Shape - Math.Log(Rate) + SpecialFunctions.LogGamma(Shape) + (1 - Shape) * SpecialFunctions.Digamma(Shape);

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>a log b − log Γ(a) + (a − 1) log x − b x for x ≥ 0; −∞ for x &lt; 0.</summary>
    public double LogDensity(double x)
    {
        Parameters.NotNaN(nameof(Gamma), x);
        if (x < 0 || double.IsPositiveInfinity(x)) return double.NegativeInfinity;
        // (a − 1) log x with the limit at x = 0: 0 if a = 1, +∞ if a < 1, −∞ if a > 1.
        double logTerm = Shape == 1 ? 0 : (Shape - 1) * Math.Log(x);
        return Shape * Math.Log(Rate) - SpecialFunctions.LogGamma(Shape) + logTerm - Rate * x;
    }

    /// <summary>
    /// E_q[log Gamma(x | a, b)] = a log b − log Γ(a) + (a − 1) E[log x] − b E[x] under any q of x with those expectations
    /// (its sufficient statistics): a VMP prior factor's term.
    /// </summary>
    public static double ExpectedLogDensity(double shape, double rate, double meanLog, double mean) =>
        shape * Math.Log(rate) - SpecialFunctions.LogGamma(shape) + (shape - 1) * meanLog - rate * mean;

    /// <summary>
    /// log p(x) at x = e^<paramref name="logX"/>: a log b − log Γ(a) + (a − 1) log x − b x, finite where x underflows to
    /// 0 — the density of draws from <see cref="SampleLog"/>, whose shape is far below 1.
    /// </summary>
    public double LogDensityAtLog(double logX)
    {
        Parameters.NotNaN(nameof(Gamma), logX);
        if (double.IsPositiveInfinity(logX)) return double.NegativeInfinity;
        return Shape * Math.Log(Rate) - SpecialFunctions.LogGamma(Shape) + (Shape - 1) * logX - Rate * Math.Exp(logX);
    }

    // ---- sampling -----------------------------------------------------------------------------

    /// <summary>
    /// The logarithm of a draw: the same draw as <see cref="Sample"/> (from the same generator state), kept in logs, where
    /// a shape far below 1 (a broad prior, or a posterior that no data moved from it) makes x itself underflow to 0.
    /// </summary>
    public double SampleLog(Random random) => random.NextLogGamma(Shape) - Math.Log(Rate);

    /// <summary>A Marsaglia–Tsang draw of Gamma(a, 1), divided by b.</summary>
    public double Sample(Random random) => random.NextGamma(Shape) / Rate;

    public override string ToString() => $"Gamma(shape {Shape}, rate {Rate})";
}
