namespace ProbLatent.Backends.Em;

/// <summary>
/// The priors a model states on a mixture's parameters, as EM's MAP step uses them (each null when not stated, which
/// leaves that part's step the maximum-likelihood one, bit for bit): π ~ Dirichlet(α), each mean μₖ ~ N(m₀, (τ₀I)⁻¹),
/// full precisions Λₖ ~ Wishart(a, s·I) with density ∝ |Λ|^(a − (d+1)/2) exp(−tr Λ / s), scalar precisions
/// λ ~ Gamma(shape, rate), probabilities μ ~ Beta(a, b) and a categorical's symbol probabilities φₖⱼ ~ Dirichlet(α). Every one has its mode inside the parameter space
/// (<see cref="EmStatedPriors"/> refuses the rest), so each MAP step is the closed form of Bishop's PRML §9.2–9.3 with
/// pseudo-counts added.
/// </summary>
internal sealed record MixturePriors(
    double[]? Concentrations = null,
    (double[] Mean, double Precision)? Means = null,
    (double Shape, double Scale)? Wishart = null,
    (double Shape, double Rate)? Gamma = null,
    (double A, double B)? Beta = null,
    double[]? Symbols = null)
{
    public static MixturePriors None { get; } = new();

    /// <summary>The MAP weights (Nₖ + αₖ − 1) / (N + Σα − K) from the unfloored counts; null without a Dirichlet.</summary>
    public double[]? MapWeights(double[] counts, double total)
    {
        if (Concentrations is not { } alpha) return null;
        double denominator = total + alpha.Sum() - alpha.Length;
        return counts.Select((n, k) => (n + alpha[k] - 1) / denominator).ToArray();
    }

    /// <summary>log p(π) + log p(μ) up to constants, the parts every mixture shares.</summary>
    public double LogPriorOfWeightsAndMeans(IReadOnlyList<double> weights, Func<int, double[]>? means)
    {
        double sum = 0;
        if (Concentrations is { } alpha)
            for (int k = 0; k < alpha.Length; k++)
                if (alpha[k] != 1) sum += (alpha[k] - 1) * Math.Log(weights[k]);
        if (Means is var (m0, tau) && means is not null)
            for (int k = 0; k < weights.Count; k++)
            {
                var mean = means(k);
                for (int j = 0; j < mean.Length; j++) sum -= 0.5 * tau * (mean[j] - m0[j]) * (mean[j] - m0[j]);
            }
        return sum;
    }
}
