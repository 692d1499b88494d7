namespace ProbLatent.LatentModels;

/// <summary>
/// How <see cref="DeepBeliefNet.LowerBound"/> estimates its bound: <see cref="Samples"/> draws of the recognition pass
/// per point, and, when the top machine's log Z cannot be enumerated, AIS with <see cref="Ais"/> (its defaults when none
/// is given) from the base rates of the top machine's up-pass inputs.
/// </summary>
public sealed record DeepBeliefBoundOptions
{
    public int Samples { get; init; } = 10;
    public int Seed { get; init; }
    public AisOptions? Ais { get; init; }

    public void Validate()
    {
        if (Samples < 2) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "the bound needs at least two draws per point to estimate its standard error");
        Ais?.Validate();
    }
}

/// <summary>
/// A variational lower bound on Σₙ log p(vₙ) of a deep belief net — a bound, never a log-likelihood — by its terms
/// (E_q[log p(v | h₁)], E_q[log p(h₁, …, h_{L−1})] with the top machine's log Z, and the recognition pass' entropy), the
/// Monte Carlo standard error of the draws of q, and that of log Z when AIS estimated it (N times the estimate's, since
/// every point shares it). An AIS log Z is biased low by Jensen's inequality, which biases the bound high; more
/// temperatures shrink both. <see cref="PointBounds"/> is each point's bound (summing to <see cref="Total"/>) and
/// <see cref="PointMonteCarloErrors"/> the standard error of its draws of q alone.
/// </summary>
public sealed record DeepBeliefBound(ElboTerms Terms, double MonteCarloStandardError, double LogPartition, double PartitionStandardError,
    bool PartitionIsExact, int Samples, int Count, double[] PointBounds, double[] PointMonteCarloErrors)
{
    /// <summary>The bound on Σₙ log p(vₙ).</summary>
    public double Total => Terms.Value;

    /// <summary>The bound per point.</summary>
    public double Mean => Total / Count;

    /// <summary>The standard error of <see cref="Total"/>, the draws of q and log Z's AIS together (independent).</summary>
    public double StandardError => Math.Sqrt(MonteCarloStandardError * MonteCarloStandardError + PartitionStandardError * PartitionStandardError);

    public override string ToString() =>
        $"log p(v) ≥ {Mean:F4} ± {StandardError / Count:F4} per point over {Count} points ({Samples} draws of q each; top log Z {(PartitionIsExact ? "exact" : "by AIS")})";
}
