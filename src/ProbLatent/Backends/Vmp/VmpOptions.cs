namespace ProbLatent.Backends.Vmp;

/// <summary>Settings of a VMP fit.</summary>
/// <param name="Restarts">Independent seeded random starts; the one with the highest ELBO is kept.</param>
/// <param name="Seed">Seeds the starts: the same seed gives the same fit.</param>
/// <param name="MaxIterations">The most sweeps over all variables per restart.</param>
/// <param name="Tolerance">Converged when the ELBO (total, in nats) changes by less than this in one sweep; a negative value runs exactly MaxIterations.</param>
/// <param name="Priors">The priors; null for the documented defaults of <see cref="VmpPriors"/>.</param>
public sealed record VmpOptions(int Restarts = 5, int Seed = 0, int MaxIterations = 1000, double Tolerance = 1e-6, VmpPriors? Priors = null)
{
    public VmpPriors ResolvedPriors => Priors ?? new VmpPriors();

    public void Validate()
    {
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "VMP needs at least 1 restart");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "VMP needs at least 1 iteration");
        if (double.IsNaN(Tolerance)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "the tolerance must be a number");
    }
}
