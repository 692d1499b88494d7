namespace ProbLatent.LatentModels;

/// <summary>
/// A deep belief net's up-pass over N points: for each layer, bottom first, the factorised q(h_k = 1 | ·) its recognition
/// weights give from the probabilities of the layer below. Its means are every layer's probabilities side by side,
/// columns h1_1 … h1_n₁, h2_1, …; the probabilities are computed when first read.
/// </summary>
public sealed class DeepBeliefPosterior : IPosterior
{
    readonly Lazy<FactorizedBooleanPosterior[]> _layers;

    internal DeepBeliefPosterior(Func<double[][]> upPass, int count, IReadOnlyList<int> layerBits)
    {
        Count = count;
        LayerBits = layerBits.ToArray();
        _layers = new Lazy<FactorizedBooleanPosterior[]>(() => upPass().Select((p, k) => new FactorizedBooleanPosterior(p, count, LayerBits[k])).ToArray());
    }

    public int Count { get; }

    /// <summary>The hidden units of each layer, bottom first.</summary>
    public IReadOnlyList<int> LayerBits { get; }

    /// <summary>Layer <paramref name="k"/>'s probabilities (1 for the layer the data reads).</summary>
    public FactorizedBooleanPosterior Layer(int k) => _layers.Value[k - 1];

    public double[] Means()
    {
        int width = LayerBits.Sum();
        var result = new double[(long)Count * width];
        var layers = _layers.Value;
        for (int r = 0; r < Count; r++)
        {
            int offset = r * width;
            foreach (var layer in layers)
            {
                layer.Probabilities(r).CopyTo(result.AsSpan(offset));
                offset += layer.Bits;
            }
        }
        return result;
    }

    /// <summary>The sum of the layers' KL divergences, each factorised layer against the other's.</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not DeepBeliefPosterior q || q.Count != Count || !q.LayerBits.SequenceEqual(LayerBits))
            throw new ArgumentException($"KL needs another deep belief net posterior of {Count} points and layers {string.Join(", ", LayerBits)}, got {other}", nameof(other));
        return _layers.Value.Zip(q._layers.Value, (a, b) => a.KlDivergence(b)).Sum();
    }

    /// <summary>The columns of the layers' units, bottom first: h1_1 … h1_n₁, h2_1, …</summary>
    public static string[] ColumnNames(IReadOnlyList<int> layerBits) =>
        layerBits.SelectMany((bits, k) => Enumerable.Range(1, bits).Select(i => $"h{k + 1}_{i}")).ToArray();

    public override string ToString() => $"DeepBeliefPosterior {Count}×({string.Join(" + ", LayerBits)})";
}
