namespace ProbLatent.LatentModels;

/// <summary>
/// q(hₙ) = Πⱼ Bernoulli(hₙⱼ; pₙⱼ) over n boolean units for each of N points, held by its N×n probabilities, not by the 2ⁿ
/// states a <see cref="BooleanPosterior"/> writes out: a restricted Boltzmann machine's p(h | v) is exactly of this form,
/// whatever n. The machine's posterior computes its probabilities when first read, not when the fit ends: N×n doubles
/// are hundreds of megabytes for an MNIST-sized fit, which a fit that is saved and never encoded would make for nothing.
/// </summary>
public sealed class FactorizedBooleanPosterior : IPosterior
{
    readonly Lazy<double[]> _probabilities;

    /// <param name="probabilities">N×n row-major, each in [0, 1].</param>
    public FactorizedBooleanPosterior(double[] probabilities, int count, int bits)
        : this(count, bits, new Lazy<double[]>(Checked(probabilities, count, bits)))
    {
    }

    /// <summary>A posterior whose N×n probabilities <paramref name="compute"/> gives on first use, checked then.</summary>
    internal FactorizedBooleanPosterior(Func<double[]> compute, int count, int bits)
        : this(count, bits, new Lazy<double[]>(() => Checked(compute(), count, bits)))
    {
        if (count < 0 || bits < 1) throw new ArgumentException($"expected a count of points and at least one unit, got {count}×{bits}");
    }

    FactorizedBooleanPosterior(int count, int bits, Lazy<double[]> probabilities)
    {
        _probabilities = probabilities;
        Count = count;
        Bits = bits;
    }

    static double[] Checked(double[] probabilities, int count, int bits)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (count < 0 || bits < 1 || probabilities.Length != (long)count * bits)
            throw new ArgumentException($"expected {count}×{bits} probabilities, got {probabilities.Length}", nameof(probabilities));
        int bad = Array.FindIndex(probabilities, p => !(p >= 0 && p <= 1));
        if (bad >= 0) throw new ArgumentException($"point {bad / bits}, unit {bad % bits}: {probabilities[bad]} is not a probability", nameof(probabilities));
        return probabilities;
    }

    public int Count { get; }
    public int Bits { get; }

    /// <summary>q(hₙⱼ = 1) for each unit of point n.</summary>
    public ReadOnlySpan<double> Probabilities(int n) => _probabilities.Value.AsSpan(n * Bits, Bits);

    public double[] Means() => (double[])_probabilities.Value.Clone();

    /// <summary>Σₙ Σⱼ H[Bernoulli(pₙⱼ)].</summary>
    public double Entropy()
    {
        double h = 0;
        foreach (var p in _probabilities.Value) h -= Numerics.SpecialFunctions.XLogY(p, p) + Numerics.SpecialFunctions.XLogY(1 - p, 1 - p);
        return h;
    }

    public double KlDivergence(IPosterior other)
    {
        if (other is not FactorizedBooleanPosterior q || q.Count != Count || q.Bits != Bits)
            throw new ArgumentException($"KL needs another {Count}×{Bits} factorized boolean posterior, got {other}", nameof(other));
        double kl = 0;
        double[] mine = _probabilities.Value, theirs = q._probabilities.Value;
        for (int i = 0; i < mine.Length; i++)
        {
            double p = mine[i], r = theirs[i];
            kl += Numerics.SpecialFunctions.XLogY(p, p / r) + Numerics.SpecialFunctions.XLogY(1 - p, (1 - p) / (1 - r));
        }
        return kl;
    }

    public override string ToString() => $"FactorizedBooleanPosterior {Count}×{Bits}";
}
