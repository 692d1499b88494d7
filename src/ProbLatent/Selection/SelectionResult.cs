namespace ProbLatent.Selection;

/// <summary>
/// What <see cref="ModelSelection.Fit"/> found: a scored candidate per size fitted, in the order the sizes were given,
/// the sizes whose fit failed and why, and — when it was cancelled — the size it stopped in and those it did not reach.
/// </summary>
public sealed record SelectionResult
{
    public required IReadOnlyList<SelectionCandidate> Candidates { get; init; }

    /// <summary>The sizes whose fit failed (diverged, or a covariance collapsed), with the reason.</summary>
    public IReadOnlyList<(int Size, string Reason)> Failed { get; init; } = [];

    /// <summary>The size whose fit cancellation cut short (left out of <see cref="Candidates"/>: its criteria would score an unfinished fit); null when none was.</summary>
    public int? Interrupted { get; init; }

    /// <summary>The sizes not fitted because the selection was cancelled before them.</summary>
    public IReadOnlyList<int> NotRun { get; init; } = [];

    /// <summary>The number of data points every candidate was fitted to: the n of the BIC.</summary>
    public required int DataCount { get; init; }

    /// <summary>
    /// The candidate with the largest <paramref name="criterion"/>, or null when no candidate has it (ICL for PPCA,
    /// the ELBO for EM). A tie goes to the candidate fitted first.
    /// </summary>
    public SelectionCandidate? Best(Criterion criterion)
    {
        SelectionCandidate? best = null;
        foreach (var candidate in Candidates)
            if (candidate.Value(criterion) is { } value && (best is null || value > best.Value(criterion)!.Value))
                best = candidate;
        return best;
    }

    /// <summary>The criteria some candidate has, in <see cref="Criterion"/>'s order.</summary>
    public IReadOnlyList<Criterion> Criteria =>
        Enum.GetValues<Criterion>().Where(c => Candidates.Any(candidate => candidate.Value(c) is not null)).ToArray();
}
