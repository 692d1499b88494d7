using ProbLatent.Backends;

namespace OldFaithful;

/// <summary>One line of the comparison: a fit and how the table names it.</summary>
public sealed record ComparisonRow(string Method, FitResult Fit);
