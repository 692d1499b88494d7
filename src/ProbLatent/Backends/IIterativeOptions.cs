namespace ProbLatent.Backends;

/// <summary>
/// The settings every iterative backend (EM, VMP) shares: seeded restarts, of which the one with the best objective is
/// kept, each iterating until the <see cref="Convergence"/> rule holds or the limit is reached.
/// </summary>
public interface IIterativeOptions
{
    /// <summary>Independent seeded starts; the one with the best final objective is kept.</summary>
    int Restarts { get; }

    /// <summary>Seeds the starts: the same seed gives the same fit.</summary>
    int Seed { get; }

    /// <summary>The most iterations per restart.</summary>
    int MaxIterations { get; }

    /// <summary>
    /// Converged when an iteration changes the objective by less than this per data point (see <see cref="Convergence"/>);
    /// a negative tolerance runs exactly <see cref="MaxIterations"/> iterations (for benchmarks).
    /// </summary>
    double Tolerance { get; }

    /// <summary>Checks the settings, naming the backend (<paramref name="backend"/>, as "EM" or "VMP") and the bad value.</summary>
    static void Validate(IIterativeOptions options, string backend)
    {
        if (options.Restarts < 1)
            throw new ArgumentOutOfRangeException(nameof(Restarts), options.Restarts, $"{backend} needs at least 1 restart");
        if (options.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), options.MaxIterations, $"{backend} needs at least 1 iteration");
        if (double.IsNaN(options.Tolerance))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), options.Tolerance, "the tolerance must be a number");
    }
}
