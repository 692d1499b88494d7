using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp;

/// <summary>Settings of a VMP fit.</summary>
/// <param name="Restarts">Independent seeded starts; the one with the highest ELBO is kept.</param>
/// <param name="Seed">Seeds the starts: the same seed gives the same fit.</param>
/// <param name="MaxIterations">The most sweeps over all variables per restart.</param>
/// <param name="Tolerance">Converged when a sweep changes the ELBO by less than this per data point (the <see cref="Convergence"/> rule EM shares); a negative value runs exactly MaxIterations.</param>
/// <param name="Priors">The priors; null for the documented defaults of <see cref="VmpPriors"/>.</param>
/// <param name="Start">
/// Where a mixture's restarts start q(z): k-means++ point masses (the default) or random ones; q(θ) then starts from
/// q(z), as one sweep would set it. PPCA and factor analysis start from random loadings whatever this says.
/// </param>
/// <param name="StartFrom">
/// A fitted mixture of the same size (for example an EM fit's <see cref="FitResult.Parameters"/>) whose posterior
/// p(z | x, θ) on the data starts q(z), instead of <paramref name="Start"/>: VMP then refines that fit into a posterior
/// over θ. Every restart would start alike, so one runs.
/// </param>
/// <param name="StartRows">
/// A fit over a <see cref="Data.DataSource"/> read in blocks starts (k-means++, the data-scaled priors) from all its rows when
/// it has at most this many, as a fit of the same rows in memory does, and beyond draws the k-means++ centres from a seeded
/// uniform sample of this many rows (a reservoir drawn in the first pass) and states the priors in the moments of every row,
/// taken in a second pass; it iterates over every row either way. The rows held take StartRows × columns doubles.
/// </param>
public sealed record VmpOptions(
    int Restarts = 5, int Seed = 0, int MaxIterations = 1000, double Tolerance = Convergence.DefaultTolerance, VmpPriors? Priors = null,
    VmpStart Start = VmpStart.KMeansPlusPlus, ILatentModel? StartFrom = null, int StartRows = SourceStart.DefaultRows)
    : IIterativeOptions
{
    public VmpPriors ResolvedPriors => Priors ?? new VmpPriors();

    public void Validate()
    {
        IIterativeOptions.Validate(this, "VMP");
        if (!Enum.IsDefined(Start)) throw new ArgumentOutOfRangeException(nameof(Start), Start, "not a VmpStart");
        if (StartRows < 1) throw new ArgumentOutOfRangeException(nameof(StartRows), StartRows, "a fit over a data source starts from at least one row");
    }
}
