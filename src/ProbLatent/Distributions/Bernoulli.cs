using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// The Bernoulli distribution on {false, true} with P(true) = p. It keeps log p and log(1 − p) as well as p, so a
/// distribution made <see cref="FromLogit">from a logit</see> stays accurate where p rounds to 0 or 1.
/// </summary>
public sealed class Bernoulli : IDistribution<bool>, IHasMean<double>
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <param name="probability">p = P(true) ∈ [0, 1].</param>
    public Bernoulli(double probability)
    {
        Probability = Parameters.Probability(nameof(Bernoulli), nameof(probability), probability);
        LogProbability = Math.Log(probability);
        LogProbabilityOfFalse = SpecialFunctions.Log1p(-probability);
    }

    Bernoulli(double probability, double logProbability, double logProbabilityOfFalse)
    {
        Probability = probability;
        LogProbability = logProbability;
        LogProbabilityOfFalse = logProbabilityOfFalse;
    }

    /// <summary>Bernoulli(σ(ℓ)) from the log-odds ℓ = log(p/(1 − p)), finite; log p = −softplus(−ℓ), log(1 − p) = −softplus(ℓ).</summary>
    public static Bernoulli FromLogit(double logit)
    {
        Parameters.Finite(nameof(Bernoulli), nameof(logit), logit);
        return new Bernoulli(SpecialFunctions.Sigmoid(logit), SpecialFunctions.LogSigmoid(logit), SpecialFunctions.LogSigmoid(-logit));
    }

    /// <summary>P(true).</summary>
    public double Probability { get; }

    /// <summary>log P(true).</summary>
    public double LogProbability { get; }

    /// <summary>log P(false) = log(1 − p).</summary>
    public double LogProbabilityOfFalse { get; }

    /// <summary>The log-odds log p − log(1 − p) (±∞ at p = 1 or 0).</summary>
    public double Logit => LogProbability - LogProbabilityOfFalse;

    // ---- statistics ---------------------------------------------------------------------------

    /// <summary>E[x] with true = 1, false = 0: p.</summary>
    public double Mean => Probability;

    public double Variance => Probability * (1 - Probability);

    /// <summary>−p log p − (1 − p) log(1 − p), with 0 log 0 = 0.</summary>
    public double Entropy() => 0.0 - (Times(Probability, LogProbability) + Times(1 - Probability, LogProbabilityOfFalse)); // 0 − 0 = +0, not −0

    // ---- evaluation ---------------------------------------------------------------------------

    public double LogDensity(bool x) => x ? LogProbability : LogProbabilityOfFalse;

    // ---- sampling -----------------------------------------------------------------------------

    public bool Sample(Random random) => random.NextDouble() < Probability;

    /// <summary>p · log q with 0 · log 0 = 0 (log q given).</summary>
    internal static double Times(double p, double logQ) => p == 0 ? 0 : p * logQ;

    public override string ToString() => $"Bernoulli({Probability})";
}
