namespace ProbLatent.Backends.Em;

/// <summary>The per-component sums an M step reads, laid out one block per component: A (d×w), B (w×w), then the d squares.</summary>
internal sealed record FactorMixtureStatistics(int Dimension, int Width, int Components, double[] Sums)
{
    public int PerComponent => Dimension * Width + Width * Width + Dimension;

    ReadOnlySpan<double> Block(int c) => Sums.AsSpan(c * PerComponent, PerComponent);

    public ReadOnlySpan<double> Cross(int c) => Block(c)[..(Dimension * Width)];
    public ReadOnlySpan<double> Second(int c) => Block(c).Slice(Dimension * Width, Width * Width);
    public ReadOnlySpan<double> Squares(int c) => Block(c).Slice(Dimension * Width + Width * Width, Dimension);

    /// <summary>Nₖ, the last entry of B.</summary>
    public double Count(int c) => Second(c)[^1];
}
