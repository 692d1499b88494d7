namespace ProbLatent.Plotting;

/// <summary>Points drawn in one colour and named once in the legend (a cluster, a digit).</summary>
public sealed record PointGroup(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, string? Colour = null);
