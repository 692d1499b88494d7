using System.Numerics;
using System.Numerics.Tensors;
using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// q(h | xₙ) over the layers of a sigmoid belief net h_L → … → h₂ → h₁ → x: for each point a distribution over the
/// states of h₁, the layer the data reads, and for each layer above it a conditional q(h_{k+1} | h_k) that every point
/// shares. The exact posterior has this form — given h_k, the layers above it are independent of x — so it is held in
/// N·2^n₁ + Σₖ 2^(n_k + n_{k+1}) numbers rather than one probability per point and joint state.
/// </summary>
public sealed class BeliefNetPosterior : IPosterior
{
    readonly double[][] _conditionals; // bottom first: [k] is q(h_{k+2} | h_{k+1}), 2^n_{k+1} rows of 2^n_{k+2}
    readonly int[] _bits;              // bottom first: n₁, n₂, …

    /// <param name="bottom">q(h₁ | xₙ) for every point.</param>
    /// <param name="conditionals">
    /// Bottom first: q(h₂ | h₁), q(h₃ | h₂), …, each row-major with one row per state of the lower layer, each row a
    /// distribution over the states of the upper one. Taken over, not copied.
    /// </param>
    public BeliefNetPosterior(BooleanPosterior bottom, IReadOnlyList<double[]> conditionals)
    {
        ArgumentNullException.ThrowIfNull(bottom);
        ArgumentNullException.ThrowIfNull(conditionals);
        if (conditionals.Count == 0) throw new ArgumentException("a belief net posterior has at least one layer above the bottom one; one layer is a BooleanPosterior", nameof(conditionals));
        var bits = new List<int> { bottom.Bits };
        for (int k = 0; k < conditionals.Count; k++)
        {
            var table = conditionals[k] ?? throw new ArgumentNullException(nameof(conditionals));
            int rows = 1 << bits[^1], columns = table.Length / rows;
            if (columns < 2 || !BitOperations.IsPow2(columns) || (long)rows * columns != table.Length)
                throw new ArgumentException($"conditional {k + 1} has {table.Length} values, not {rows} rows (the states of the layer below) of 2^n states", nameof(conditionals));
            CheckRows(table, rows, columns, k);
            bits.Add(BitOperations.Log2((uint)columns));
        }
        Bottom = bottom;
        _conditionals = conditionals.ToArray();
        _bits = bits.ToArray();
    }

    static void CheckRows(double[] table, int rows, int columns, int k)
    {
        for (int u = 0; u < rows; u++)
        {
            double sum = 0;
            foreach (var p in table.AsSpan(u * columns, columns))
            {
                if (!(p >= 0) || p > 1 + 1e-12)
                    throw new ArgumentException($"conditional {k + 1}, row {u} holds {p}, not a probability", "conditionals");
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"conditional {k + 1}, row {u} sums to {sum}, not 1", "conditionals");
        }
    }

    public int Count => Bottom.Count;

    /// <summary>q(h₁ | xₙ), over the states of the layer the data reads.</summary>
    public BooleanPosterior Bottom { get; }

    /// <summary>The bits of each latent layer, top first (the order the model declares them).</summary>
    public IReadOnlyList<int> LayerBits => _bits.Reverse().ToArray();

    /// <summary>
    /// The column names of boolean latents in layers of these sizes, top first: z1…zn for one layer, as every latent
    /// vector is named; for several, hk_i for bit i of layer k, counted from h1, the layer the data reads.
    /// </summary>
    public static string[] ColumnNames(IReadOnlyList<int> layerBits)
    {
        ArgumentNullException.ThrowIfNull(layerBits);
        if (layerBits.Count == 1) return GeneratedData.LatentNames(layerBits[0]);
        return layerBits.SelectMany((bits, index) => Enumerable.Range(1, bits).Select(i => $"h{layerBits.Count - index}_{i}")).ToArray();
    }

    /// <summary>q(h_{k+1} | h_k) for k = <paramref name="below"/> (1 for q(h₂ | h₁)), one row per state of h_k.</summary>
    public ReadOnlySpan<double> Conditional(int below) => _conditionals[below - 1];

    internal int Layers => _bits.Length;

    internal int BitsOf(int layer) => _bits[layer];

    /// <summary>Σₙ q(h_k = u | xₙ) for every layer, bottom first: the expected number of points in each state.</summary>
    internal double[][] StateCounts()
    {
        var counts = new double[_bits.Length][];
        counts[0] = Bottom.StateCounts();
        for (int k = 1; k < _bits.Length; k++) counts[k] = Push(counts[k - 1], k - 1);
        return counts;
    }

    /// <summary>The distribution (or counts) over layer k + 2's states from those over layer k + 1's, through its conditional.</summary>
    double[] Push(ReadOnlySpan<double> lower, int conditional)
    {
        int upper = 1 << _bits[conditional + 1];
        var table = _conditionals[conditional];
        var result = new double[upper];
        for (int u = 0; u < lower.Length; u++)
            if (lower[u] != 0) TensorPrimitives.MultiplyAdd(table.AsSpan(u * upper, upper), lower[u], result, result);
        return result;
    }

    /// <summary>The marginals q(hᵢ = 1 | xₙ) of every bit, row-major N × Σ n_k, the top layer's bits first.</summary>
    public double[] Means()
    {
        int width = _bits.Sum();
        var means = new double[Count * width];
        Parallel.For(0, Count, n =>
        {
            var row = means.AsSpan(n * width, width);
            ReadOnlySpan<double> distribution = Bottom.Row(n);
            for (int k = 0; ; k++)
            {
                BooleanPosterior.AddMarginals(distribution, _bits[k], row.Slice(Offset(k), _bits[k]));
                if (k == _bits.Length - 1) break;
                distribution = Push(distribution, k);
            }
        });
        return means;
    }

    /// <summary>Where layer k's bits (bottom first) start in a row of <see cref="Means"/>, which lists the top layer first.</summary>
    int Offset(int layer) => _bits.Skip(layer + 1).Sum();

    /// <summary>Σₙ H[qₙ] = Σₙ H[qₙ(h₁)] + Σₖ Σᵤ C_k(u) H[q(h_{k+1} | h_k = u)], with C_k the state counts.</summary>
    public double Entropy()
    {
        var counts = StateCounts();
        double h = Bottom.Entropy();
        for (int k = 0; k < _conditionals.Length; k++)
        {
            int upper = 1 << _bits[k + 1];
            for (int u = 0; u < counts[k].Length; u++)
            {
                if (counts[k][u] == 0) continue;
                h += counts[k][u] * Categorical.EntropyOf(_conditionals[k].AsSpan(u * upper, upper));
            }
        }
        return h;
    }

    /// <summary>
    /// Σₙ KL(qₙ ‖ otherₙ) by the chain rule: the bottom layers' divergence plus each conditional's, weighted by how
    /// often q visits the state it is conditioned on.
    /// </summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not BeliefNetPosterior p || p.Count != Count || !p._bits.SequenceEqual(_bits))
            throw new ArgumentException($"KL needs another belief net posterior over {Count} points and layers of {string.Join(", ", LayerBits)} bits", nameof(other));
        var counts = StateCounts();
        double kl = Bottom.KlDivergence(p.Bottom);
        for (int k = 0; k < _conditionals.Length; k++)
        {
            var q = _conditionals[k];
            var r = p._conditionals[k];
            int upper = 1 << _bits[k + 1];
            for (int u = 0; u < counts[k].Length; u++)
            {
                if (counts[k][u] == 0) continue;
                kl += counts[k][u] * KullbackLeibler.Categoricals(q.AsSpan(u * upper, upper), r.AsSpan(u * upper, upper));
            }
        }
        return kl;
    }
}
