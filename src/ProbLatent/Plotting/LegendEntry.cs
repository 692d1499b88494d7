namespace ProbLatent.Plotting;

/// <summary>One line of a legend: a symbol in a colour, and what it stands for.</summary>
public sealed record LegendEntry(string Label, string Colour, LegendSymbol Symbol);
