using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// What a model builds for the missing patterns of one data set (its marginals over the observed cells), kept for the last
/// patterns it was built for. It depends only on θ and the patterns, so the check at an entry point and the pass after it,
/// EM's E step and the next M step at the same θ, and the fit's ELBO reuse one set of per-pattern factors rather than each
/// computing it again.
/// </summary>
internal sealed class LastPatterns<T> where T : class
{
    /// <summary>Replaced whole, so concurrent callers see one entry or the other.</summary>
    Entry? _last;

    public T For(MissingPatterns missing, Func<MissingPatterns, T> build)
    {
        if (_last is { } last && ReferenceEquals(last.Missing, missing)) return last.Value;
        var value = build(missing);
        _last = new Entry(missing, value);
        return value;
    }

    sealed record Entry(MissingPatterns Missing, T Value);
}
