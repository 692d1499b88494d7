using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>The categorical distribution on {0, …, K−1} with probabilities p₀ … p_{K−1}.</summary>
public sealed class Categorical : IDistribution<int>
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <summary>Probabilities may differ from summing to 1 by rounding (relative 1e-6); they are renormalised.</summary>
    const double SumTolerance = 1e-6;

    readonly double[] _probabilities;
    readonly double[] _logProbabilities;

    /// <param name="probabilities">pₖ ≥ 0, K ≥ 1 of them, summing to 1.</param>
    public Categorical(double[] probabilities)
    {
        var p = Parameters.FiniteVector(nameof(Categorical), nameof(probabilities), probabilities);
        double sum = 0;
        for (int k = 0; k < p.Length; k++)
        {
            if (p[k] < 0)
                throw new ArgumentOutOfRangeException(nameof(probabilities), p[k], $"Categorical: probabilities[{k}] must be ≥ 0, got {p[k]}");
            sum += p[k];
        }
        if (!(Math.Abs(sum - 1) <= SumTolerance))
            throw new ArgumentException($"Categorical: probabilities must sum to 1, got {sum}", nameof(probabilities));
        for (int k = 0; k < p.Length; k++) p[k] /= sum;
        _probabilities = p;
        _logProbabilities = new double[p.Length];
        for (int k = 0; k < p.Length; k++) _logProbabilities[k] = Math.Log(p[k]);
    }

    Categorical(double[] probabilities, double[] logProbabilities)
    {
        _probabilities = probabilities;
        _logProbabilities = logProbabilities;
    }

    /// <summary>Categorical(softmax(ℓ)) from unnormalised log-probabilities (logits); −∞ entries are allowed, +∞ and NaN are not.</summary>
    public static Categorical FromLogits(double[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Length == 0) throw new ArgumentException("Categorical: logits must have at least 1 element, got 0", nameof(logits));
        for (int k = 0; k < logits.Length; k++)
            if (double.IsNaN(logits[k]) || double.IsPositiveInfinity(logits[k]))
                throw new ArgumentOutOfRangeException(nameof(logits), logits[k], $"Categorical: logits[{k}] must be finite or −∞, got {logits[k]}");
        var p = (double[])logits.Clone();
        double lse = LogSumExp.Normalize(p);
        if (double.IsNegativeInfinity(lse))
            throw new ArgumentException("Categorical: logits are all −∞", nameof(logits));
        var logP = new double[logits.Length];
        for (int k = 0; k < logP.Length; k++) logP[k] = logits[k] - lse;
        return new Categorical(p, logP);
    }

    /// <summary>The uniform distribution on K categories.</summary>
    public static Categorical Uniform(int categories)
    {
        if (categories < 1)
            throw new ArgumentOutOfRangeException(nameof(categories), categories, $"Categorical: categories must be ≥ 1, got {categories}");
        return FromLogits(new double[categories]);
    }

    /// <summary>K.</summary>
    public int Categories => _probabilities.Length;

    /// <summary>The probabilities (a copy); also the mean of the one-hot encoding.</summary>
    public double[] Probabilities => (double[])_probabilities.Clone();

    internal ReadOnlySpan<double> ProbabilitySpan => _probabilities;
    internal ReadOnlySpan<double> LogProbabilitySpan => _logProbabilities;

    // ---- statistics ---------------------------------------------------------------------------

    /// <summary>−Σₖ pₖ log pₖ over the probabilities of one or more distributions laid end to end (their entropies' sum), 0 log 0 = 0.</summary>
    public static double EntropyOf(ReadOnlySpan<double> probabilities)
    {
        double h = 0;
        foreach (var p in probabilities) h -= SpecialFunctions.XLogY(p, p);
        return h;
    }

    /// <summary>−Σ pₖ log pₖ with 0 log 0 = 0, from the stored logarithms.</summary>
    public double Entropy()
    {
        double h = 0;
        for (int k = 0; k < Categories; k++) h -= Bernoulli.Times(_probabilities[k], _logProbabilities[k]);
        return h;
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>log pₓ; −∞ for x outside {0, …, K−1}.</summary>
    public double LogDensity(int x) => x >= 0 && x < Categories ? _logProbabilities[x] : double.NegativeInfinity;

    // ---- sampling -----------------------------------------------------------------------------

    public int Sample(Random random) => random.NextCategorical(_probabilities);

    public override string ToString() => $"Categorical([{string.Join(", ", _probabilities)}])";
}
