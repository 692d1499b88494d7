using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// q(zₙ) = N(mₙ, Sₙ) over a q-dimensional Gaussian latent for each of N points. The covariance is either one
/// matrix shared by all points (as the exact PPCA/FA posterior has), one per group of points (the exact posterior of data
/// with missing cells, one per pattern of them), or one per point.
/// </summary>
public sealed class GaussianPosterior : IPosterior
{
    readonly double[] _means;
    readonly double[] _covariances;
    readonly Cholesky[] _factors;
    readonly int[]? _groupOf; // point → its covariance, when points share them by group

    /// <param name="means">N×q row-major.</param>
    /// <param name="covariances">q×q (shared) or N×q×q (per point), row-major, each symmetric positive definite.</param>
    public GaussianPosterior(double[] means, double[] covariances, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        if (count < 1 || dimension < 1 || means.Length != count * dimension)
            throw new ArgumentException($"expected {count}×{dimension} means, got {means.Length}", nameof(means));
        int qq = dimension * dimension;
        bool shared = covariances.Length == qq;
        if (!shared && covariances.Length != count * qq)
            throw new ArgumentException($"expected {qq} (shared) or {count * qq} (per point) covariance values, got {covariances.Length}", nameof(covariances));
        foreach (var m in means)
            if (!double.IsFinite(m)) throw new ArgumentException("a posterior mean is not finite", nameof(means));
        _means = means;
        _covariances = covariances;
        Count = count;
        Dimension = dimension;
        IsShared = shared;
        _factors = new Cholesky[shared ? 1 : count];
        for (int i = 0; i < _factors.Length; i++)
            _factors[i] = Cholesky.Factor(covariances.AsSpan(i * qq, qq), dimension, shared ? "posterior covariance" : $"posterior covariance of point {i}");
    }

    public int Count { get; }
    public int Dimension { get; }

    /// <summary>True when all points share one covariance.</summary>
    public bool IsShared { get; }

    /// <summary>
    /// Points that share a covariance by group: point n's is <paramref name="groupCovariances"/>[<paramref name="groupOf"/>[n]]
    /// (G×q×q row-major), factored once per group.
    /// </summary>
    internal GaussianPosterior(double[] means, double[] groupCovariances, int[] groupOf, int dimension)
    {
        int qq = dimension * dimension, groups = groupCovariances.Length / qq;
        if (means.Length != groupOf.Length * dimension || groupCovariances.Length != groups * qq || groupOf.Any(g => g < 0 || g >= groups))
            throw new ArgumentException($"expected {groupOf.Length}×{dimension} means and a q×q covariance for each of the groups the points name");
        foreach (var m in means)
            if (!double.IsFinite(m)) throw new ArgumentException("a posterior mean is not finite", nameof(means));
        _means = means;
        _covariances = groupCovariances;
        _groupOf = groupOf;
        Count = groupOf.Length;
        Dimension = dimension;
        _factors = new Cholesky[groups];
        for (int g = 0; g < groups; g++)
            _factors[g] = Cholesky.Factor(groupCovariances.AsSpan(g * qq, qq), dimension, $"posterior covariance of group {g}");
    }

    public ReadOnlySpan<double> Mean(int n) => _means.AsSpan(n * Dimension, Dimension);

    public ReadOnlySpan<double> Covariance(int n)
    {
        int qq = Dimension * Dimension;
        return _covariances.AsSpan(Slot(n) * qq, qq);
    }

    internal Cholesky CovarianceFactor(int n) => _factors[Slot(n)];

    /// <summary>Which of the stored covariances is point n's.</summary>
    int Slot(int n) => IsShared ? 0 : _groupOf?[n] ?? n;

    public double[] Means() => _means.ToArray();

    /// <summary>
    /// The posterior of an affine image of the latent: <paramref name="means"/> (N×q'), and each covariance stored here
    /// (one shared, one per group or per point) mapped by <paramref name="covariance"/> to a q'×q' one, shared as it was.
    /// </summary>
    internal GaussianPosterior Mapped(double[] means, int dimension, Func<ReadOnlySpan<double>, double[]> covariance)
    {
        int qq = Dimension * Dimension;
        var mapped = Enumerable.Range(0, _factors.Length).SelectMany(slot => covariance(_covariances.AsSpan(slot * qq, qq))).ToArray();
        return _groupOf is null ? new GaussianPosterior(means, mapped, Count, dimension) : new GaussianPosterior(means, mapped, _groupOf, dimension);
    }

    /// <summary>H[qₙ] = ½ log det(2πe Sₙ), summed over points.</summary>
    public double Entropy()
    {
        if (IsShared) return Count * PointEntropy(0);
        double h = 0;
        for (int n = 0; n < Count; n++) h += PointEntropy(n);
        return h;
    }

    /// <summary>H[qₙ] of one point.</summary>
    internal double PointEntropy(int n) => MultivariateGaussian.EntropyFromLogDeterminant(Dimension, CovarianceFactor(n).LogDeterminant());

    /// <summary>Σₙ KL(N(mₙ, Sₙ) ‖ N(m'ₙ, S'ₙ)) = ½ Σₙ [tr(S'⁻¹S) + (m'−m)ᵀS'⁻¹(m'−m) − q + log det S' − log det S].</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not GaussianPosterior p || p.Count != Count || p.Dimension != Dimension)
            throw new ArgumentException($"KL needs another Gaussian posterior over {Count} points of dimension {Dimension}", nameof(other));
        var scratch = new double[2 * Dimension];
        double kl = 0;
        for (int n = 0; n < Count; n++) kl += PointKl(n, p, scratch);
        return kl;
    }

    /// <summary>KL(qₙ ‖ pₙ) of one point; <paramref name="scratch"/> holds 2q values.</summary>
    internal double PointKl(int n, GaussianPosterior p, Span<double> scratch) =>
        KullbackLeibler.Gaussians(Mean(n), CovarianceFactor(n), p.Mean(n), p.CovarianceFactor(n), scratch);
}
