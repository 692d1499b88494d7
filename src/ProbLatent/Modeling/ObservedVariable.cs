namespace ProbLatent.Modeling;

/// <summary>An observed variable: its name and how many values each data point holds.</summary>
public sealed record ObservedVariable(string Name, int Dimension);
