using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// q(zₙ) = N(mₙ, diag sₙ²) for each of N points: what an amortized encoder gives. Stored as means and log-variances,
/// N × q each, a fraction of the memory of full covariances.
/// </summary>
public sealed class DiagonalGaussianPosterior : IPosterior
{
    readonly double[] _means;
    readonly double[] _logVariances;

    /// <param name="means">N×q row-major.</param>
    /// <param name="logVariances">N×q row-major: the log of each coordinate's variance.</param>
    public DiagonalGaussianPosterior(double[] means, double[] logVariances, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(logVariances);
        if (count < 1 || dimension < 1 || means.Length != count * dimension || logVariances.Length != means.Length)
            throw new ArgumentException($"expected {count}×{dimension} means and log-variances, got {means.Length} and {logVariances.Length}");
        for (int i = 0; i < means.Length; i++)
            if (!double.IsFinite(means[i]) || !double.IsFinite(logVariances[i]))
                throw new ArgumentException($"point {i / dimension}, coordinate {i % dimension}: mean {means[i]} and log-variance {logVariances[i]} must be finite");
        _means = means;
        _logVariances = logVariances;
        Count = count;
        Dimension = dimension;
    }

    public int Count { get; }
    public int Dimension { get; }

    public ReadOnlySpan<double> Mean(int n) => _means.AsSpan(n * Dimension, Dimension);
    public ReadOnlySpan<double> LogVariance(int n) => _logVariances.AsSpan(n * Dimension, Dimension);

    public double[] Means() => (double[])_means.Clone();

    /// <summary>Each point's variances, N×q row-major.</summary>
    public double[] Variances() => Array.ConvertAll(_logVariances, Math.Exp);

    /// <summary>The same q as a <see cref="GaussianPosterior"/> with diagonal covariances: the form a linear-Gaussian model's ELBO takes.</summary>
    public GaussianPosterior ToGaussianPosterior()
    {
        int k = Dimension;
        var covariances = new double[Count * k * k];
        for (int n = 0; n < Count; n++)
            for (int j = 0; j < k; j++) covariances[n * k * k + j * k + j] = Math.Exp(_logVariances[n * k + j]);
        return new GaussianPosterior(Means(), covariances, Count, k);
    }

    /// <summary>Σₙ KL(qₙ ‖ otherₙ) = ½ Σ (s²/t² − 1 − log(s²/t²) + (m − μ)²/t²), the registry's diagonal-Gaussian form.</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not DiagonalGaussianPosterior p || p.Count != Count || p.Dimension != Dimension)
            throw new ArgumentException("KL needs a diagonal Gaussian posterior over the same points and dimension", nameof(other));
        return KullbackLeibler.DiagonalGaussians(_means, _logVariances, p._means, p._logVariances);
    }
}
