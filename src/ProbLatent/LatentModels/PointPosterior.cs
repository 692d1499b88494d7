namespace ProbLatent.LatentModels;

/// <summary>
/// q(zₙ) = δ(z − ẑₙ) for each of N points: a point estimate of each latent vector, what a plain autoencoder's
/// point-mass guide gives (its code ẑₙ = f(xₙ)).
/// </summary>
public sealed class PointPosterior : IPosterior
{
    readonly double[] _points;

    /// <param name="points">N×q row-major, every value finite.</param>
    public PointPosterior(double[] points, int count, int dimension)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (count < 1 || dimension < 1 || points.Length != count * dimension)
            throw new ArgumentException($"expected {count}×{dimension} values, got {points.Length}");
        int bad = Array.FindIndex(points, v => !double.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"point {bad / dimension}, coordinate {bad % dimension}: {points[bad]} is not finite");
        _points = points;
        Count = count;
        Dimension = dimension;
    }

    public int Count { get; }
    public int Dimension { get; }

    public ReadOnlySpan<double> Point(int n) => _points.AsSpan(n * Dimension, Dimension);

    public double[] Means() => (double[])_points.Clone();

    /// <summary>Σₙ KL(δ(ẑₙ) ‖ δ(ŵₙ)): 0 where every pair of points coincides, +∞ otherwise (two point masses apart share no support).</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not PointPosterior p || p.Count != Count || p.Dimension != Dimension)
            throw new ArgumentException("KL needs a point posterior over the same points and dimension", nameof(other));
        return _points.AsSpan().SequenceEqual(p._points) ? 0 : double.PositiveInfinity;
    }
}
