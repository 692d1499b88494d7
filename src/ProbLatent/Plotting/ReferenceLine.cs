namespace ProbLatent.Plotting;

/// <summary>A horizontal dashed line at a known value (an exact log-likelihood), named in the legend.</summary>
public sealed record ReferenceLine(string Label, double Y, string? Colour = null);
