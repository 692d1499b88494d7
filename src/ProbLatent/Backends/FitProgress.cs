namespace ProbLatent.Backends;

/// <summary>One step of a running fit: the iteration (or epoch, as <paramref name="Unit"/> says), the objective it has
/// reached, the time so far.</summary>
/// <param name="SamplesPerSecond">A minibatch trainer's training points per second over its epochs so far; null for EM and VMP.</param>
public sealed record FitProgress(int Iteration, int MaxIterations, double Objective, TimeSpan Elapsed, int Restart = 0, int Restarts = 1,
    ProgressUnit Unit = ProgressUnit.Iteration, double? SamplesPerSecond = null)
{
    /// <summary><paramref name="epochs"/> passes over <paramref name="rows"/> points in the time since <paramref name="start"/>.</summary>
    public static double? Rate(int epochs, int rows, TimeSpan elapsed, TimeSpan start) =>
        elapsed > start ? (double)epochs * rows / (elapsed - start).TotalSeconds : null;
}
