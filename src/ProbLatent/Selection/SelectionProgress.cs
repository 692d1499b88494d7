using ProbLatent.Backends;

namespace ProbLatent.Selection;

/// <summary>A step of a model selection: which size is being fitted (the <paramref name="Index"/>th of <paramref name="Count"/>, from 0), and that fit's progress.</summary>
public sealed record SelectionProgress(int Size, int Index, int Count, FitProgress Fit);
