using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// The multivariate Gaussian N(μ, Σ) with a full covariance. Σ is held by its Cholesky factor L (Σ = L Lᵀ), through
/// which every density, entropy and draw is computed; Σ⁻¹ is never formed.
/// </summary>
public sealed class MultivariateGaussian : IMultivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    readonly double[] _mean;
    readonly double[] _covariance; // row-major, symmetrised

    /// <param name="mean">μ, finite, length d ≥ 1.</param>
    /// <param name="covariance">Σ, d×d, symmetric positive definite.</param>
    /// <exception cref="NotPositiveDefiniteException">Σ is not positive definite.</exception>
    public MultivariateGaussian(double[] mean, Matrix<double> covariance)
    {
        _mean = Parameters.FiniteVector(nameof(MultivariateGaussian), nameof(mean), mean);
        _covariance = Parameters.SymmetricMatrix(nameof(MultivariateGaussian), nameof(covariance), covariance, _mean.Length);
        Factor = Cholesky.Factor(_covariance, _mean.Length, what: "MultivariateGaussian covariance");
        LogDeterminant = Factor.LogDeterminant();
    }

    /// <summary>N(0, I) in dimension d.</summary>
    public static MultivariateGaussian Standard(int dimension)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"MultivariateGaussian: dimension must be ≥ 1, got {dimension}");
        return new MultivariateGaussian(new double[dimension], Matrix<double>.Build.DenseIdentity(dimension));
    }

    public int Dimension => _mean.Length;
    public double[] Mean => (double[])_mean.Clone();
    public Matrix<double> Covariance => Parameters.ToMatrix(_covariance, Dimension);

    /// <summary>The Cholesky factor of Σ.</summary>
    internal Cholesky Factor { get; }

    internal ReadOnlySpan<double> MeanSpan => _mean;

    /// <summary>
    /// The precision-times-mean Λμ into <paramref name="precisionMean"/>: with the precision Λ (d×d, row-major), the
    /// natural parameters of N(μ, Λ⁻¹) as variational messages add them.
    /// </summary>
    public static void PrecisionMeanOf(ReadOnlySpan<double> mean, ReadOnlySpan<double> precision, Span<double> precisionMean)
    {
        int d = mean.Length;
        if (precision.Length != d * d || precisionMean.Length != d)
            throw new ArgumentException(
                $"MultivariateGaussian: a mean of {d} needs a {d}×{d} precision and {d} values for Λμ, got {precision.Length} and {precisionMean.Length}");
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++) sum += precision[i * d + j] * mean[j];
            precisionMean[i] = sum;
        }
    }

    /// <summary>
    /// The mean Λ⁻¹(Λμ) and covariance Λ⁻¹ of the Gaussian whose natural parameters are the precision Λ and Λμ, through a
    /// Cholesky factor of Λ, which it returns (its log det is −log det Σ); <paramref name="what"/> names Λ if it is not
    /// positive definite.
    /// </summary>
    internal static Cholesky MomentsOfNatural(ReadOnlySpan<double> precision, ReadOnlySpan<double> precisionMean, Span<double> mean,
        Span<double> covariance, string what)
    {
        int d = precisionMean.Length;
        var factor = Cholesky.Factor(precision, d, what);
        precisionMean.CopyTo(mean);
        factor.SolveInPlace(mean);
        factor.Inverse().CopyTo(covariance);
        return factor;
    }

    // ---- statistics ---------------------------------------------------------------------------

    /// <summary>log det Σ.</summary>
    public double LogDeterminant { get; }

    /// <summary>½ (d (1 + log 2π) + log det Σ).</summary>
    public double Entropy() => EntropyFromLogDeterminant(Dimension, LogDeterminant);

    /// <summary>
    /// ½ (d (1 + log 2π) + log det Σ) from log det Σ alone, for engines that hold Σ (or Σ⁻¹, whose log-determinant is
    /// −log det Σ) by a factor of their own and should not build a distribution per posterior.
    /// </summary>
    public static double EntropyFromLogDeterminant(int dimension, double logDeterminantCovariance) =>
        0.5 * (dimension * (1 + SpecialFunctions.Log2Pi) + logDeterminantCovariance);

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>−½ (d log 2π + log det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ)), the quadratic form by a triangular solve.</summary>
    public double LogDensity(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Parameters.CheckLength(nameof(MultivariateGaussian), nameof(x), x.Length, Dimension);
        foreach (var v in x) Parameters.NotNaN(nameof(MultivariateGaussian), v);
        Span<double> scratch = Dimension <= 64 ? stackalloc double[Dimension] : new double[Dimension];
        double quad = Factor.Mahalanobis(x, _mean, scratch);
        return -0.5 * (Dimension * SpecialFunctions.Log2Pi + LogDeterminant + quad);
    }

    /// <summary>
    /// E_q[log N(x | μ, Λ⁻¹)] = ½ (log det Λ − d log 2π − (m − μ)ᵀΛ(m − μ) − tr(Λ S)) under any q of x with mean m and
    /// covariance S (d×d, row-major, as <paramref name="precision"/> Λ, whose log det the caller holds): a VMP prior
    /// factor's term, for engines that hold the prior by its precision and q by its moments.
    /// </summary>
    public static double ExpectedLogDensity(ReadOnlySpan<double> mean, ReadOnlySpan<double> precision, double logDeterminantPrecision,
        ReadOnlySpan<double> expectedMean, ReadOnlySpan<double> expectedCovariance)
    {
        int d = mean.Length;
        if (precision.Length != d * d || expectedMean.Length != d || expectedCovariance.Length != d * d)
            throw new ArgumentException(
                $"MultivariateGaussian: an expected log density of dimension {d} needs a {d}×{d} precision, a mean of {d} and a {d}×{d} " +
                $"covariance, got {precision.Length}, {expectedMean.Length} and {expectedCovariance.Length} values");
        double quad = 0, trace = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                quad += (expectedMean[i] - mean[i]) * precision[i * d + j] * (expectedMean[j] - mean[j]);
                trace += precision[i * d + j] * expectedCovariance[j * d + i];
            }
        return 0.5 * (logDeterminantPrecision - d * SpecialFunctions.Log2Pi - quad - trace);
    }

    // ---- sampling -----------------------------------------------------------------------------

    /// <summary>μ + L ε with ε ~ N(0, I).</summary>
    public double[] Sample(Random random)
    {
        int d = Dimension;
        var epsilon = new double[d];
        random.FillGaussian(epsilon);
        var x = new double[d];
        Factor.MultiplyLower(epsilon, x);
        for (int i = 0; i < d; i++) x[i] += _mean[i];
        return x;
    }

    public override string ToString() => $"MultivariateGaussian(dimension {Dimension})";
}
