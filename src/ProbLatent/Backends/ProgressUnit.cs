namespace ProbLatent.Backends;

/// <summary>What a <see cref="FitProgress"/> counts, which says what its limit means.</summary>
public enum ProgressUnit
{
    /// <summary>An iteration of EM or VMP: a fit stops when it converges, usually long before the limit, so the
    /// iterations left bound the work left from above.</summary>
    Iteration,

    /// <summary>An epoch of stochastic-gradient training: a fit runs every epoch unless stopped early, so the epochs left
    /// estimate the work left.</summary>
    Epoch,
}
