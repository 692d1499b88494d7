namespace ProbLatent.LatentModels;

/// <summary>
/// Annealed importance sampling of an RBM's log Z (Salakhutdinov and Murray 2008): <see cref="Chains"/> independent runs,
/// each through <see cref="Temperatures"/> distributions from the base-rate RBM (β = 0) to the machine (β = 1), evenly
/// spaced in β. More temperatures shrink each run's weight variance, more chains the standard error of their mean.
/// </summary>
public sealed record AisOptions
{
    public int Chains { get; init; } = 100;
    public int Temperatures { get; init; } = 10_000;
    public int Seed { get; init; }

    public void Validate()
    {
        if (Chains < 2) throw new ArgumentOutOfRangeException(nameof(Chains), Chains, "AIS needs at least two chains to estimate its standard error");
        if (Temperatures < 1) throw new ArgumentOutOfRangeException(nameof(Temperatures), Temperatures, "AIS needs at least one temperature");
    }
}

/// <summary>
/// An AIS estimate of log Z: log Ẑ = log Z_A + log mean(wₛ) over the chains' importance weights, and its standard error by
/// the delta method, sd(w)/(mean(w)·√S). <see cref="EffectiveChains"/>, (Σw)²/Σw², near <see cref="Chains"/> says the
/// weights are even; far below it, that the error is likely underestimated and more temperatures are needed.
/// </summary>
public sealed record AisEstimate(double LogPartition, double StandardError, double BaseLogPartition, int Chains, int Temperatures, double EffectiveChains)
{
    public override string ToString() =>
        $"AIS log Z = {LogPartition:F4} ± {StandardError:F4} ({Chains} chains × {Temperatures} temperatures, {EffectiveChains:F1} effective)";
}
