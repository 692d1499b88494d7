namespace ProbLatent.LatentModels;

/// <summary>
/// How a restricted Boltzmann machine's Gibbs chains draw samples: <see cref="Chains"/> chains, each started from the
/// visible biases' own Bernoullis, run <see cref="BurnIn"/> sweeps (h | v, then v | h) before their first sample and
/// <see cref="Thinning"/> sweeps between samples; the samples are taken from the chains in turn.
/// </summary>
public sealed record GibbsOptions
{
    public int Chains { get; init; } = 100;
    public int BurnIn { get; init; } = 1000;
    public int Thinning { get; init; } = 10;
    public int Seed { get; init; }

    public void Validate()
    {
        if (Chains < 1) throw new ArgumentOutOfRangeException(nameof(Chains), Chains, "Gibbs sampling needs at least one chain");
        if (BurnIn < 0) throw new ArgumentOutOfRangeException(nameof(BurnIn), BurnIn, "the burn-in cannot be negative");
        if (Thinning < 1) throw new ArgumentOutOfRangeException(nameof(Thinning), Thinning, "thinning is at least 1: one sweep between samples");
    }
}
