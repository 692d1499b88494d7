namespace ProbLatent.Numerics;

/// <summary>Draws from the basic distributions on a seeded <see cref="Random"/>, so a seed fixes every result.</summary>
public static class RandomExtensions
{
    /// <summary>A standard-normal draw (Box–Muller; the second value of each pair is not kept, for simplicity of state).</summary>
    public static double NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // in (0, 1]: log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static void FillGaussian(this Random random, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = random.NextGaussian();
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/> (not necessarily normalised).</summary>
    public static int NextCategorical(this Random random, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double u = random.NextDouble() * total;
        for (int k = 0; k < weights.Length; k++)
        {
            u -= weights[k];
            if (u < 0) return k;
        }
        // Rounding can leave u ≥ 0 after the last weight: return the last index with positive weight.
        for (int k = weights.Length - 1; k >= 0; k--) if (weights[k] > 0) return k;
        throw new ArgumentException("all weights are zero", nameof(weights));
    }
}
