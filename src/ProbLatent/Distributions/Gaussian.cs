using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>The univariate Gaussian N(μ, σ²), parameterised by mean and variance (not standard deviation).</summary>
public sealed class Gaussian : IUnivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <param name="mean">μ, finite.</param>
    /// <param name="variance">σ² &gt; 0, finite.</param>
    public Gaussian(double mean, double variance)
    {
        Mean = Parameters.Finite(nameof(Gaussian), nameof(mean), mean);
        Variance = Parameters.Positive(nameof(Gaussian), nameof(variance), variance);
    }

    /// <summary>N(μ, 1/τ) from its mean and precision τ &gt; 0.</summary>
    public static Gaussian FromMeanAndPrecision(double mean, double precision) =>
        new(mean, 1.0 / Parameters.Positive(nameof(Gaussian), nameof(precision), precision));

    /// <summary>N(0, 1).</summary>
    public static Gaussian Standard { get; } = new(0, 1);

    /// <summary>
    /// The natural parameters of N(μ, 1/τ) as variational messages add them: the precision τ and the precision-times-mean
    /// τμ (the exponential family's η = (τμ, −τ/2) against the statistics (x, x²)).
    /// </summary>
    public static (double Precision, double PrecisionMean) NaturalOf(double mean, double precision) => (precision, precision * mean);

    /// <summary>The mean τμ/τ and variance 1/τ of the Gaussian whose natural parameters (<see cref="NaturalOf"/>) are τ and τμ.</summary>
    public static (double Mean, double Variance) MomentsOfNatural(double precision, double precisionMean) => (precisionMean / precision, 1 / precision);

    public double Mean { get; }
    public double Variance { get; }

    // ---- statistics ---------------------------------------------------------------------------

    public double Precision => 1.0 / Variance;
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>½ (log 2π + 1 + log σ²).</summary>
    public double Entropy() => EntropyFromLogVariance(Math.Log(Variance));

    /// <summary>
    /// ½ (log 2π + 1 + log σ²) from log σ², for engines that hold a Gaussian by its log-variance (an encoder's output)
    /// or hold many and should not build one per value.
    /// </summary>
    public static double EntropyFromLogVariance(double logVariance) => 0.5 * (SpecialFunctions.Log2Pi + 1 + logVariance);

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>−½ (log 2π + log σ² + (x − μ)²/σ²).</summary>
    public double LogDensity(double x)
    {
        Parameters.NotNaN(nameof(Gaussian), x);
        double z = x - Mean;
        return -0.5 * (SpecialFunctions.Log2Pi + Math.Log(Variance) + z * z / Variance);
    }

    /// <summary>
    /// log N(x | μ, 1/τ) = ½ (log τ − log 2π − τ (x − μ)²) given log τ: finite where τ itself underflows to 0 (a precision
    /// drawn in logs, <see cref="Gamma.SampleLog"/>), where a Gaussian of variance 1/τ cannot be built.
    /// </summary>
    public static double LogDensityAtLogPrecision(double x, double mean, double logPrecision)
    {
        Parameters.NotNaN(nameof(Gaussian), x);
        double z = x - mean;
        return 0.5 * (logPrecision - SpecialFunctions.Log2Pi - Math.Exp(logPrecision) * z * z);
    }

    /// <summary>
    /// E_q[log N(x | μ, 1/τ)] = ½ (log τ − log 2π − τ ((m − μ)² + v)) under any q of x with mean m and variance v:
    /// a VMP prior factor's term.
    /// </summary>
    public static double ExpectedLogDensity(double mean, double precision, double expectedMean, double expectedVariance)
    {
        double r = expectedMean - mean;
        return 0.5 * (Math.Log(precision) - SpecialFunctions.Log2Pi - precision * (r * r + expectedVariance));
    }

    // ---- sampling -----------------------------------------------------------------------------

    public double Sample(Random random) => Mean + StandardDeviation * random.NextGaussian();

    public override string ToString() => $"Gaussian(mean {Mean}, variance {Variance})";
}
