namespace ProbLatent.Plotting;

/// <summary>An arrow from one data point to another (a principal direction from the mean), named in the legend.</summary>
public sealed record ScatterArrow(string Label, double FromX, double FromY, double ToX, double ToY, string Colour);
