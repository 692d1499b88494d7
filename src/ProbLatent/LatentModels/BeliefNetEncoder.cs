using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// An amortized factorised Bernoulli encoder of a sigmoid belief net, q(h | x) = q(h₁ | x) q(h₂ | h₁) … q(h_L | h_{L−1}):
/// each factor a <see cref="BeliefNetEncoderLayer"/> from the layer below, sampled in order from the data up. One factor
/// with linear logits, q(h | x) = Πᵢ Bernoulli(hᵢ; σ(Σⱼ xⱼ Vⱼᵢ + cᵢ)), is the encoder of Mnih and Rezende's (2016) and
/// Mnih and Gregor's (2014) belief-net experiments; each factor may have tanh hidden layers before its logits.
/// </summary>
public sealed class BeliefNetEncoder
{
    readonly BeliefNetEncoderLayer[] _layers;

    /// <summary>One linear factor q(h | x).</summary>
    /// <param name="weights">d×n row-major: row j holds the weights of data dimension j on the n bits' logits.</param>
    /// <param name="bias">n offsets c.</param>
    public BeliefNetEncoder(double[] weights, double[] bias) : this([Linear(weights, bias)])
    {
    }

    /// <summary>The factors from the data up: the first reads x and draws h₁, each next reads the bits the one before drew.</summary>
    public BeliefNetEncoder(IReadOnlyList<BeliefNetEncoderLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 1) throw new ArgumentException("an encoder needs at least one factor, q(h₁ | x)", nameof(layers));
        for (int k = 1; k < layers.Count; k++)
            if (layers[k].Inputs != layers[k - 1].Outputs)
                throw new ArgumentException($"encoder factor {k + 1} reads {layers[k].Inputs} bits but factor {k} draws {layers[k - 1].Outputs}", nameof(layers));
        _layers = [.. layers];
    }

    static BeliefNetEncoderLayer Linear(double[] weights, double[] bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Length < 1) throw new ArgumentException("an encoder needs at least one bit", nameof(bias));
        if (weights.Length == 0 || weights.Length % bias.Length != 0)
            throw new ArgumentException($"expected d×{bias.Length} weights, got {weights.Length}", nameof(weights));
        return new BeliefNetEncoderLayer([weights], [bias]);
    }

    /// <summary>The factors from the data up.</summary>
    public IReadOnlyList<BeliefNetEncoderLayer> Layers => _layers;

    /// <summary>Whether the encoder is one linear factor, whose <see cref="Weights"/> and <see cref="Bias"/> are all its parameters.</summary>
    public bool IsLinear => _layers is [{ Weights.Count: 1 }];

    /// <summary>n₁, the bits of h₁, the layer the data reads.</summary>
    public int Bits => _layers[0].Outputs;

    /// <summary>d, the data's dimension.</summary>
    public int Dimension => _layers[0].Inputs;

    /// <summary>The bits of each factor, from the data up.</summary>
    public IReadOnlyList<int> LayerBits => [.. _layers.Select(l => l.Outputs)];

    /// <summary>V, d×n row-major, of a <see cref="IsLinear"/> encoder.</summary>
    public IReadOnlyList<double> Weights => IsLinear ? _layers[0].Weights[0] : throw NotLinear();
    public IReadOnlyList<double> Bias => IsLinear ? _layers[0].Biases[0] : throw NotLinear();

    InvalidOperationException NotLinear() => new(
        $"the encoder has {_layers.Length} factor(s) of widths {string.Join("; ", _layers.Select(l => string.Join("-", l.Widths)))}, not one linear map; read its Layers");

    /// <summary>q(h₁ᵢ = 1 | xₙ) for every row and bit of h₁, N×n₁ row-major.</summary>
    public double[] Probabilities(DataMatrix data)
    {
        int n = Bits, d = Dimension;
        if (data.Columns != d) throw new DataException($"the encoder reads {d} columns; the data has {data.Columns}");
        var result = new double[(long)data.Rows * n];
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            _layers[0].Probabilities(data.Values.Slice(start * d, (end - start) * d), end - start, result.AsSpan(start * n, (end - start) * n));
            return 0;
        });
        return result;
    }
}
