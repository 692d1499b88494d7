namespace ProbLatent.LatentModels;

/// <summary>
/// q(zₙ) over the 2ⁿ states of n boolean latents; state s has bit i equal to zᵢ. Its means are the
/// marginal probabilities q(zᵢ = 1).
/// </summary>
public sealed class BooleanPosterior(double[] probabilities, int count, int bits)
    : DiscretePosterior(probabilities, count, 1 << bits)
{
    public int Bits { get; } = bits;

    public override double[] Means()
    {
        var means = new double[Count * Bits];
        for (int n = 0; n < Count; n++) AddMarginals(Row(n), Bits, means.AsSpan(n * Bits, Bits));
        return means;
    }

    /// <summary>Adds q(zᵢ = 1) = Σ over the states s with bit i set of q(s) to <paramref name="marginals"/>.</summary>
    internal static void AddMarginals(ReadOnlySpan<double> distribution, int bits, Span<double> marginals)
    {
        for (int s = 0; s < distribution.Length; s++)
            for (int i = 0; i < bits; i++)
                if ((s >> i & 1) != 0) marginals[i] += distribution[s];
    }

    /// <summary>A mean-field q(z) = Πᵢ Bernoulli(zᵢ; pₙᵢ) written out over all states, for row-major N×n marginals.</summary>
    public static BooleanPosterior FromFactorized(double[] marginals, int count, int bits)
    {
        var states = 1 << bits;
        var probabilities = new double[count * states];
        for (int n = 0; n < count; n++)
            for (int s = 0; s < states; s++)
            {
                double p = 1;
                for (int i = 0; i < bits; i++)
                {
                    double m = marginals[n * bits + i];
                    p *= (s >> i & 1) != 0 ? m : 1 - m;
                }
                probabilities[n * states + s] = p;
            }
        return new BooleanPosterior(probabilities, count, bits);
    }
}
