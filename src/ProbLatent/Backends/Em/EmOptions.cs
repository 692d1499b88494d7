namespace ProbLatent.Backends.Em;

/// <summary>
/// Settings of an EM fit.
/// </summary>
/// <param name="Restarts">Independent seeded initialisations; the one with the best objective is kept.</param>
/// <param name="Seed">Seeds the initialisations: the same seed gives the same fit.</param>
/// <param name="MaxIterations">The most EM iterations per restart.</param>
/// <param name="Tolerance">Converged when an iteration changes the objective by less than this per data point (the <see cref="Convergence"/> rule VMP shares); a negative tolerance runs exactly <paramref name="MaxIterations"/> iterations (for benchmarks).</param>
/// <param name="Regularization">
/// Guards against collapse: for Gaussian mixtures a ridge λ added to each component's scatter matrix,
/// Σₖ = (Sₖ + λI)/Nₖ; for Bernoulli mixtures λ pseudo-counts on each pixel's 0 and 1. Both are exact MAP
/// steps under a fixed prior, so EM still never decreases its objective (log-likelihood + log-prior).
/// </param>
public sealed record EmOptions(
    int Restarts = 5, int Seed = 0, int MaxIterations = 1000, double Tolerance = Convergence.DefaultTolerance, double Regularization = 1e-6)
    : IIterativeOptions
{
    public void Validate()
    {
        IIterativeOptions.Validate(this, "EM");
        if (!(Regularization >= 0) || double.IsInfinity(Regularization))
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, "the regularization must be finite and ≥ 0");
    }
}
