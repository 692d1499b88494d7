namespace ProbLatent;

/// <summary>A fit whose objective became NaN or infinite: names the iteration and what went wrong.</summary>
public sealed class FitDivergedException(string backend, int iteration, string message)
    : ProbLatentException($"{backend}: the fit diverged at iteration {iteration}: {message}")
{
    public int Iteration { get; } = iteration;
}
