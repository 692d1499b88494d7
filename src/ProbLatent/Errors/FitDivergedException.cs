namespace ProbLatent;

/// <summary>
/// A fit whose objective became NaN or infinite: names the iteration and what went wrong. Every backend's divergence
/// is one of these, so a caller of <c>Fit</c> catches them all; minibatch training throws the
/// <see cref="MinibatchDivergedException"/> kinds, whose iteration is the epoch.
/// </summary>
public class FitDivergedException : ProbLatentException
{
    public FitDivergedException(string backend, int iteration, string message)
        : this(iteration, $"{backend}: the fit diverged at iteration {iteration}: {message}") { }

    /// <summary>A divergence whose whole message the derived kind words itself.</summary>
    protected FitDivergedException(int iteration, string fullMessage) : base(fullMessage) => Iteration = iteration;

    public int Iteration { get; }
}
