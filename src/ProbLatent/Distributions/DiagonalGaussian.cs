using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>A multivariate Gaussian with independent coordinates: N(μ, diag(σ²)).</summary>
public sealed class DiagonalGaussian : IMultivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    readonly double[] _mean;
    readonly double[] _variance;
    readonly double _sumLogVariance;

    /// <param name="mean">μ, finite, length d ≥ 1.</param>
    /// <param name="variance">σ², each &gt; 0, length d.</param>
    public DiagonalGaussian(double[] mean, double[] variance)
    {
        _mean = Parameters.FiniteVector(nameof(DiagonalGaussian), nameof(mean), mean);
        _variance = Parameters.PositiveVector(nameof(DiagonalGaussian), nameof(variance), variance);
        Parameters.CheckLength(nameof(DiagonalGaussian), nameof(variance), _variance.Length, _mean.Length);
        foreach (var v in _variance) _sumLogVariance += Math.Log(v);
    }

    /// <summary>N(0, I) in dimension d.</summary>
    public static DiagonalGaussian Standard(int dimension)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"DiagonalGaussian: dimension must be ≥ 1, got {dimension}");
        var ones = new double[dimension];
        Array.Fill(ones, 1.0);
        return new DiagonalGaussian(new double[dimension], ones);
    }

    public int Dimension => _mean.Length;
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>The variances σ²ᵢ (a copy).</summary>
    public double[] Variance => (double[])_variance.Clone();

    internal ReadOnlySpan<double> MeanSpan => _mean;
    internal ReadOnlySpan<double> VarianceSpan => _variance;

    // ---- statistics ---------------------------------------------------------------------------

    public Matrix<double> Covariance => Matrix<double>.Build.DenseOfDiagonalArray(_variance);

    /// <summary>½ (d (1 + log 2π) + Σᵢ log σ²ᵢ): the full Gaussian's, with log det Σ = Σᵢ log σ²ᵢ.</summary>
    public double Entropy() => MultivariateGaussian.EntropyFromLogDeterminant(Dimension, _sumLogVariance);

    // ---- evaluation ---------------------------------------------------------------------------

    public double LogDensity(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Parameters.CheckLength(nameof(DiagonalGaussian), nameof(x), x.Length, Dimension);
        double quad = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Parameters.NotNaN(nameof(DiagonalGaussian), x[i]);
            double z = x[i] - _mean[i];
            quad += z * z / _variance[i];
        }
        return -0.5 * (Dimension * SpecialFunctions.Log2Pi + _sumLogVariance + quad);
    }

    // ---- sampling -----------------------------------------------------------------------------

    public double[] Sample(Random random)
    {
        var x = new double[Dimension];
        for (int i = 0; i < x.Length; i++) x[i] = _mean[i] + Math.Sqrt(_variance[i]) * random.NextGaussian();
        return x;
    }

    public override string ToString() => $"DiagonalGaussian(dimension {Dimension})";
}
