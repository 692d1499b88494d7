namespace ProbLatent.Numerics;

/// <summary>
/// The additive statistics of a mixture's E step over some rows, given the current parameters: Nₖ = Σₙ rₙₖ,
/// Σₙ rₙₖ xₙ, the moments about the current centres cₖ that <see cref="MixtureMoments"/> gathers (Σₙ rₙₖ (xₙ − cₖ) and the
/// second moment) and Σₙ log p(xₙ). What a block of a data source (or a shard on another machine) contributes: the blocks'
/// sums, added in block order, are the M step's whole input (<see cref="MixtureScatter.FromSums"/>), so nothing per point is
/// kept from one block to the next.
/// </summary>
/// <remarks>
/// The second moment is taken about the current means, not the origin, so that the one-pass scatter about the new means,
/// Σ r (x − c)(x − c)ᵀ − r̄ δᵀ − δ r̄ᵀ + N δδᵀ with δ = m − c, subtracts terms of the size of the change in the means, not of
/// the data's distance from the origin (which would cancel the scatter of data far from 0 against its spread).
/// </remarks>
internal sealed class MixtureSums
{
    readonly double[] _values;

    /// <param name="centres">cₖ, K×d, to take the second moment about; empty when <paramref name="kind"/> is None.</param>
    /// <param name="missingWeights">Also keep <see cref="MissingWeights"/> (a Bernoulli mixture over rows that may miss cells).</param>
    public MixtureSums(int components, int dimension, MixtureMoments.Second kind, double[] centres, bool missingWeights = false)
    {
        if (kind != MixtureMoments.Second.None && centres.Length != components * dimension)
            throw new ArgumentException($"MixtureSums: {components} centres of dimension {dimension} need {components * dimension} values, not {centres.Length}");
        Components = components;
        Dimension = dimension;
        Kind = kind;
        Centres = centres;
        int k = components, d = dimension;
        int second = kind switch { MixtureMoments.Second.LowerTriangle => k * d * d, MixtureMoments.Second.Diagonal => k * d, _ => 0 };
        HasMissingWeights = missingWeights;
        _values = new double[1 + k + k * d + (kind == MixtureMoments.Second.None ? 0 : k * d) + second + (missingWeights ? k * d : 0)];
    }

    /// <summary>Whether the statistics keep <see cref="MissingWeights"/>.</summary>
    public bool HasMissingWeights { get; }

    /// <summary>Σ rₙₖ over the rows that miss cell j, K×d, last in the layout; empty unless <see cref="HasMissingWeights"/>.</summary>
    public Span<double> MissingWeights => HasMissingWeights ? _values.AsSpan(_values.Length - Components * Dimension) : [];

    public int Components { get; }
    public int Dimension { get; }
    public MixtureMoments.Second Kind { get; }

    /// <summary>Statistics gathered elsewhere — Nₖ, Σₙ rₙₖ xₙ and the second moment Σₙ rₙₖ xₙxₙᵀ (or its diagonal) — as moments about the origin.</summary>
    public static MixtureSums AboutOrigin(int components, int dimension, MixtureMoments.Second kind, ReadOnlySpan<double> counts, ReadOnlySpan<double> sums,
        ReadOnlySpan<double> second)
    {
        var moments = new MixtureSums(components, dimension, kind, new double[components * dimension]);
        counts.CopyTo(moments.Counts);
        sums.CopyTo(moments.Sums);
        sums.CopyTo(moments.ResidualSums);
        second.CopyTo(moments.Second);
        return moments;
    }

    /// <summary>cₖ, the centres the moments are about.</summary>
    public double[] Centres { get; }

    /// <summary>Every statistic in one array, to accumulate into (see the spans for its layout).</summary>
    public int Length => _values.Length;

    /// <summary>Σₙ log p(xₙ) under the parameters the statistics were gathered with.</summary>
    public double LogLikelihood => _values[0];

    public Span<double> Counts => _values.AsSpan(1, Components);
    public Span<double> Sums => _values.AsSpan(1 + Components, Components * Dimension);

    /// <summary>Σₙ rₙₖ (xₙ − cₖ), K×d; empty when there is no second moment.</summary>
    public Span<double> ResidualSums => Kind == MixtureMoments.Second.None ? [] : _values.AsSpan(1 + Components + Components * Dimension, Components * Dimension);

    /// <summary>The second moment about cₖ: its lower triangle (K×d×d) or its diagonal (K×d); empty for None.</summary>
    public Span<double> Second => Kind == MixtureMoments.Second.None ? [] : _values.AsSpan(1 + Components + 2 * Components * Dimension,
        (Kind == MixtureMoments.Second.LowerTriangle ? Dimension : 1) * Components * Dimension);

    /// <summary>
    /// The same statistics laid out in <paramref name="values"/> (of <see cref="Length"/>), not copied: an accumulator of a row
    /// block to add into, or the sum of the blocks' accumulators.
    /// </summary>
    public MixtureSums Over(double[] values)
    {
        if (values.Length != Length) throw new ArgumentException($"MixtureSums: {Length} statistics expected, not {values.Length}");
        return new MixtureSums(this, values);
    }

    MixtureSums(MixtureSums layout, double[] values)
    {
        Components = layout.Components;
        Dimension = layout.Dimension;
        Kind = layout.Kind;
        Centres = layout.Centres;
        HasMissingWeights = layout.HasMissingWeights;
        _values = values;
    }

    /// <summary>Every statistic in its layout, to send (<see cref="Backends.Shards.ShardCodec"/>) and read back with <see cref="Over"/>.</summary>
    public ReadOnlySpan<double> Values => _values;

    public void AddLogLikelihood(double logLikelihood) => _values[0] += logLikelihood;

    /// <summary>Adds another block's statistics, gathered with the same parameters, into these.</summary>
    public void Add(MixtureSums other)
    {
        if (other.Length != Length || other.Kind != Kind || !other.Centres.AsSpan().SequenceEqual(Centres))
            throw new ArgumentException("MixtureSums: statistics gathered with other parameters cannot be added");
        for (int i = 0; i < _values.Length; i++) _values[i] += other._values[i];
    }
}
