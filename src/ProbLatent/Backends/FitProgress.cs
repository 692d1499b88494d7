namespace ProbLatent.Backends;

/// <summary>One step of a running fit: the iteration (or epoch, as <paramref name="Unit"/> says), the objective it has
/// reached, the time so far.</summary>
public sealed record FitProgress(int Iteration, int MaxIterations, double Objective, TimeSpan Elapsed, int Restart = 0, int Restarts = 1,
    ProgressUnit Unit = ProgressUnit.Iteration);
