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
/// steps under a fixed prior, so EM still never decreases its objective (log-likelihood + log-prior). For PPCA and factor
/// analysis the floor λ·var(xⱼ) under each noise variance, where a Heywood case stops: with λ = 0 a noise variance may fall
/// to 1e-15 and below, where log p(x) is computed to a few digits only.
/// </param>
/// <param name="StartRows">
/// A fit over a <see cref="Data.DataSource"/> starts (k-means++, then one M step) from all its rows when it has at most this
/// many, as a fit of the same rows in memory does, and from a seeded uniform sample of this many rows (a reservoir drawn in
/// the first pass) when it has more; it iterates over every row either way. The rows held take StartRows × columns doubles.
/// </param>
/// <param name="Accelerate">
/// PPCA, factor analysis and the mixtures of factor analysers and of PPCA take SQUAREM steps over their EM steps, each never
/// below two EM steps: PPCA and factor analysis several per pass, from the sample covariance (Iris, q = 2: −389.874 after 50
/// iterations, where EM is at −390.213 after 1,000); a mixture one per iteration of four passes over the rows (Iris, three
/// components, q = 1: EM's maximum to 1e-6 in 50 iterations, where EM takes about 1,350). Not the default: where the
/// likelihood is flat along a rotation of the loadings its extrapolations magnify rounding there, so a fit of s∘x + c no
/// longer has exactly the posterior of x's.
/// </param>
/// <param name="Start">
/// Where each restart of a Gaussian or Bernoulli mixture or a hidden Markov model starts (<see cref="EmStart"/>): k-means++
/// or random point masses; other models refuse random point masses.
/// </param>
public sealed record EmOptions(
    int Restarts = 5, int Seed = 0, int MaxIterations = 1000, double Tolerance = Convergence.DefaultTolerance, double Regularization = 1e-6,
    int StartRows = EmOptions.DefaultStartRows, bool Accelerate = false, EmStart Start = EmStart.KMeansPlusPlus)
    : IIterativeOptions
{
    /// <summary>The rows a fit over a source starts from, at most: 100,000, a few megabytes for a few columns.</summary>
    public const int DefaultStartRows = SourceStart.DefaultRows;

    public void Validate()
    {
        IIterativeOptions.Validate(this, "EM");
        if (!Enum.IsDefined(Start)) throw new ArgumentOutOfRangeException(nameof(Start), Start, "not an EmStart");
        if (StartRows < 1) throw new ArgumentOutOfRangeException(nameof(StartRows), StartRows, "a fit over a data source starts from at least one row");
        if (!(Regularization >= 0) || double.IsInfinity(Regularization))
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, "the regularization must be finite and ≥ 0");
    }
}
