using ProbLatent.Backends.Vmp.Nodes;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The plate plumbing of a mixture gate over a latent, hₙ | cₙ = k ~ N(μₖ, Λₖ⁻¹) on a structured plate q(cₙ) q(hₙ | cₙ),
/// which the full (<see cref="LatentGaussianGateFactor"/>) and the diagonal (<see cref="LatentDiagonalGaussianGateFactor"/>)
/// gates share: the per-pass messages to hₙ, the same for every point of a component; the message to cₙ = k as a
/// component's constant less half a quadratic in mₙₖ; and the statistics Nₖ, Σₙ rₙₖ mₙₖ and second moments of mₙₖ
/// (a lower triangle, or the squares) that become Σₙ rₙₖ E[hₙ… | k] once Nₖ Sₖ is added at the end of the pass. A
/// subclass gives the form's own arithmetic: the precisions, the constant, the quadratic and the second moments.
/// </summary>
internal abstract class LatentGateFactor : Factor, IFactorMixturePlateFactor
{
    readonly double[] _precisionMeans;   // per pass: E[Λₖ] E[μₖ], K×q

    protected LatentGateFactor(string name, FactorMixturePlateNode plate) : base(name)
    {
        Components = plate.Components;
        Dimension = plate.Dimension;
        _precisionMeans = new double[Components * Dimension];
    }

    protected int Components { get; }
    protected int Dimension { get; }

    /// <summary>The length of one component's second moments of mₙₖ.</summary>
    protected abstract int SecondMomentLength { get; }

    /// <summary>Where the plate's statistics go: Nₖ, Σₙ rₙₖ mₙₖ and the second moments, K of each.</summary>
    protected abstract (double[] Counts, double[] Sums, double[] SecondMoments) Statistics { get; }

    /// <summary>Adds each component's E[Λₖ] into its q×q block of <paramref name="precisions"/> and writes E[Λₖ] E[μₖ] (K×q).</summary>
    protected abstract void ComponentMessages(Span<double> precisions, Span<double> precisionMeans);

    /// <summary>The part of E[log N(hₙ | μₖ, Λₖ⁻¹)] that is the same for every point of component k.</summary>
    protected abstract double LogConstant(FactorMixturePlateNode plate, int k);

    /// <summary>(m − E[μₖ])ᵀ E[Λₖ] (m − E[μₖ]) for a mean m of q(hₙ | k).</summary>
    protected abstract double Quadratic(int k, ReadOnlySpan<double> m);

    /// <summary>Adds w times the second moments of m into one component's <paramref name="secondMoments"/>.</summary>
    protected abstract void AddSecondMoments(Span<double> secondMoments, double w, ReadOnlySpan<double> m);

    /// <summary>Completes the summed second moments into Σₙ rₙₖ E[hₙ… | k]: adds Nₖ Sₖ (after mirroring a lower triangle).</summary>
    protected abstract void CompleteSecondMoments(FactorMixturePlateNode plate);

    public int StatisticsLength => Components * (1 + Dimension + SecondMomentLength);

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions) => ComponentMessages(precisions, _precisionMeans);

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        int size = _precisionMeans.Length;
        for (int n = 0; n < end - start; n++)
            for (int i = 0; i < size; i++) precisionMeans[n * size + i] += _precisionMeans[i];
    }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int k = Components, q = Dimension;
        Span<double> constants = k <= 64 ? stackalloc double[k] : new double[k];
        for (int c = 0; c < k; c++) constants[c] = LogConstant(plate, c);
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++)
                logPotentials[n * k + c] += constants[c] - 0.5 * Quadratic(c, means.Slice((n * k + c) * q, q));
    }

    /// <summary>Per component: Nₖ, Σₙ rₙₖ mₙₖ and the second moments of mₙₖ weighted by rₙₖ.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = Dimension, k = Components, length = SecondMomentLength;
        var counts = statistics[..k];
        var sums = statistics.Slice(k, k * q);
        var seconds = statistics.Slice(k + k * q, k * length);
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++)
            {
                double w = responsibilities[n * k + c];
                if (w == 0) continue;
                var m = means.Slice((n * k + c) * q, q);
                counts[c] += w;
                for (int a = 0; a < q; a++) sums[c * q + a] += w * m[a];
                AddSecondMoments(seconds.Slice(c * length, length), w, m);
            }
    }

    /// <summary>Keeps the statistics summed over the plate, completed by <see cref="CompleteSecondMoments"/>.</summary>
    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        int k = Components, q = Dimension;
        var (counts, sums, seconds) = Statistics;
        statistics.AsSpan(0, k).CopyTo(counts);
        statistics.AsSpan(k, k * q).CopyTo(sums);
        statistics.AsSpan(k + k * q, k * SecondMomentLength).CopyTo(seconds);
        CompleteSecondMoments(plate);
    }
}
