namespace ProbLatent.Plotting;

/// <summary>A marked location drawn as a large outlined diamond (a component mean, the data mean); a null label keeps it out of the legend.</summary>
public sealed record ScatterMarker(double X, double Y, string Colour, string? Label = null);
