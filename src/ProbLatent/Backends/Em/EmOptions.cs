namespace ProbLatent.Backends.Em;

/// <summary>
/// Settings of an EM fit.
/// </summary>
/// <param name="Restarts">Independent seeded initialisations; the one with the best objective is kept.</param>
/// <param name="Seed">Seeds the initialisations: the same seed gives the same fit.</param>
/// <param name="MaxIterations">The most EM iterations per restart.</param>
/// <param name="Tolerance">Converged when the objective per data point rises by less than this in one iteration; a negative tolerance runs exactly <paramref name="MaxIterations"/> iterations (for benchmarks).</param>
/// <param name="Regularization">
/// Guards against collapse: for Gaussian mixtures a ridge λ added to each component's scatter matrix,
/// Σₖ = (Sₖ + λI)/Nₖ; for Bernoulli mixtures λ pseudo-counts on each pixel's 0 and 1. Both are exact MAP
/// steps under a fixed prior, so EM still never decreases its objective (log-likelihood + log-prior).
/// </param>
public sealed record EmOptions(int Restarts = 5, int Seed = 0, int MaxIterations = 1000, double Tolerance = 1e-8, double Regularization = 1e-6)
{
    public void Validate()
    {
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "EM needs at least 1 restart");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "EM needs at least 1 iteration");
        if (double.IsNaN(Tolerance)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "the tolerance must be a number");
        if (!(Regularization >= 0) || double.IsInfinity(Regularization))
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, "the regularization must be finite and ≥ 0");
    }
}
