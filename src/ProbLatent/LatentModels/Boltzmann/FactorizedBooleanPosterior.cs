namespace ProbLatent.LatentModels;

/// <summary>
/// q(hₙ) = Πⱼ Bernoulli(hₙⱼ; pₙⱼ) over n boolean units for each of N points, held by its N×n probabilities, not by the 2ⁿ
/// states a <see cref="BooleanPosterior"/> writes out: a restricted Boltzmann machine's p(h | v) is exactly of this form,
/// whatever n.
/// </summary>
public sealed class FactorizedBooleanPosterior : IPosterior
{
    readonly double[] _probabilities;

    /// <param name="probabilities">N×n row-major, each in [0, 1].</param>
    public FactorizedBooleanPosterior(double[] probabilities, int count, int bits)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (count < 0 || bits < 1 || probabilities.Length != (long)count * bits)
            throw new ArgumentException($"expected {count}×{bits} probabilities, got {probabilities.Length}", nameof(probabilities));
        int bad = Array.FindIndex(probabilities, p => !(p >= 0 && p <= 1));
        if (bad >= 0) throw new ArgumentException($"point {bad / bits}, unit {bad % bits}: {probabilities[bad]} is not a probability", nameof(probabilities));
        _probabilities = probabilities;
        Count = count;
        Bits = bits;
    }

    public int Count { get; }
    public int Bits { get; }

    /// <summary>q(hₙⱼ = 1) for each unit of point n.</summary>
    public ReadOnlySpan<double> Probabilities(int n) => _probabilities.AsSpan(n * Bits, Bits);

    public double[] Means() => (double[])_probabilities.Clone();

    /// <summary>Σₙ Σⱼ H[Bernoulli(pₙⱼ)].</summary>
    public double Entropy()
    {
        double h = 0;
        foreach (var p in _probabilities) h -= Numerics.SpecialFunctions.XLogY(p, p) + Numerics.SpecialFunctions.XLogY(1 - p, 1 - p);
        return h;
    }

    public double KlDivergence(IPosterior other)
    {
        if (other is not FactorizedBooleanPosterior q || q.Count != Count || q.Bits != Bits)
            throw new ArgumentException($"KL needs another {Count}×{Bits} factorized boolean posterior, got {other}", nameof(other));
        double kl = 0;
        for (int i = 0; i < _probabilities.Length; i++)
        {
            double p = _probabilities[i], r = q._probabilities[i];
            kl += Numerics.SpecialFunctions.XLogY(p, p / r) + Numerics.SpecialFunctions.XLogY(1 - p, (1 - p) / (1 - r));
        }
        return kl;
    }

    public override string ToString() => $"FactorizedBooleanPosterior {Count}×{Bits}";
}
