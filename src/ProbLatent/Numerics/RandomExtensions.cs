namespace ProbLatent.Numerics;

/// <summary>Draws from the basic distributions on a seeded <see cref="Random"/>, so a seed fixes every result.</summary>
internal static class RandomExtensions
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

    /// <summary>
    /// A draw from Gamma(shape, rate 1), by Marsaglia and Tsang's squeeze method (2000). For shape &lt; 1 it
    /// uses the boost Gamma(a) = Gamma(a + 1) · U^(1/a).
    /// </summary>
    public static double NextGamma(this Random random, double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Gamma: shape must be > 0 and finite, got {shape}");
        return shape >= 1 ? MarsagliaTsang(random, shape) : Math.Exp(random.NextLogGamma(shape));
    }

    /// <summary>
    /// The logarithm of a Gamma(shape, 1) draw. For small shapes a Gamma draw can underflow to 0; its logarithm
    /// cannot, so Dirichlet draws with small concentrations are normalised from these.
    /// </summary>
    public static double NextLogGamma(this Random random, double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Gamma: shape must be > 0 and finite, got {shape}");
        if (shape >= 1) return Math.Log(MarsagliaTsang(random, shape));
        double u = 1.0 - random.NextDouble(); // in (0, 1]
        return Math.Log(MarsagliaTsang(random, shape + 1)) + Math.Log(u) / shape;
    }

    static double MarsagliaTsang(Random random, double shape)
    {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.NextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (u > 0 && Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A draw from Beta(a, b), as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), computed in log space.</summary>
    public static double NextBeta(this Random random, double a, double b)
    {
        double lx = random.NextLogGamma(a);
        double ly = random.NextLogGamma(b);
        // x / (x + y) = σ(log x − log y)
        return SpecialFunctions.Sigmoid(lx - ly);
    }

    /// <summary>Fills <paramref name="result"/> with a draw from Dirichlet(<paramref name="concentration"/>), normalising Gamma draws in log space.</summary>
    public static void NextDirichlet(this Random random, ReadOnlySpan<double> concentration, Span<double> result)
    {
        if (result.Length != concentration.Length)
            throw new ArgumentException($"Dirichlet: result has length {result.Length}, concentration has length {concentration.Length}", nameof(result));
        for (int k = 0; k < concentration.Length; k++) result[k] = random.NextLogGamma(concentration[k]);
        LogSumExp.Normalize(result);
    }

    /// <summary>
    /// The Bartlett factor A of a standard Wishart draw W = A Aᵀ ~ Wishart(ν, I) in dimension d, written row-major into
    /// <paramref name="lower"/> (d×d): Aᵢᵢ = √χ²(ν − i) for i = 0..d−1, Aᵢⱼ ~ N(0, 1) below the diagonal, zero above.
    /// For Wishart(ν, V) with V = L Lᵀ, the draw is (L A)(L A)ᵀ.
    /// </summary>
    public static void NextBartlettFactor(this Random random, double degreesOfFreedom, int dimension, Span<double> lower)
    {
        int d = dimension;
        if (lower.Length != d * d)
            throw new ArgumentException($"Wishart: Bartlett factor needs {d * d} values, got {lower.Length}", nameof(lower));
        if (!(degreesOfFreedom > d - 1))
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom,
                $"Wishart: degrees of freedom must be > dimension − 1 = {d - 1}, got {degreesOfFreedom}");
        lower.Clear();
        for (int i = 0; i < d; i++)
        {
            // χ²(k) = 2 Gamma(k/2, 1)
            lower[i * d + i] = Math.Sqrt(2.0 * random.NextGamma((degreesOfFreedom - i) / 2.0));
            for (int j = 0; j < i; j++) lower[i * d + j] = random.NextGaussian();
        }
    }
}
