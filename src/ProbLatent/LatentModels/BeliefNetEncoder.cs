using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// An amortized factorised Bernoulli encoder of a sigmoid belief net, q(h | x) = Πᵢ Bernoulli(hᵢ; σ(Σⱼ xⱼ Vⱼᵢ + cᵢ)): linear
/// logits, as in Mnih and Rezende's (2016) and Mnih and Gregor's (2014) belief-net experiments, so q is itself one
/// sigmoid layer run from the data up.
/// </summary>
public sealed class BeliefNetEncoder
{
    readonly double[] _weights; // d×n
    readonly double[] _bias;    // n

    /// <param name="weights">d×n row-major: row j holds the weights of data dimension j on the n bits' logits.</param>
    /// <param name="bias">n offsets c.</param>
    public BeliefNetEncoder(double[] weights, double[] bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Length < 1) throw new ArgumentException("an encoder needs at least one bit", nameof(bias));
        if (weights.Length == 0 || weights.Length % bias.Length != 0)
            throw new ArgumentException($"expected d×{bias.Length} weights, got {weights.Length}", nameof(weights));
        foreach (var v in weights.Concat(bias))
            if (!double.IsFinite(v)) throw new ArgumentException("the encoder's weights and biases must be finite", nameof(weights));
        _weights = weights;
        _bias = bias;
    }

    /// <summary>n, the bits it encodes to.</summary>
    public int Bits => _bias.Length;

    /// <summary>d, the data's dimension.</summary>
    public int Dimension => _weights.Length / _bias.Length;

    /// <summary>V, d×n row-major.</summary>
    public IReadOnlyList<double> Weights => _weights;
    public IReadOnlyList<double> Bias => _bias;

    /// <summary>q(hᵢ = 1 | xₙ) for every row and bit, N×n row-major.</summary>
    public double[] Probabilities(DataMatrix data)
    {
        int n = Bits, d = Dimension;
        if (data.Columns != d) throw new DataException($"the encoder reads {d} columns; the data has {data.Columns}");
        var result = new double[(long)data.Rows * n];
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var row = result.AsSpan(r * n, n);
                _bias.CopyTo(row);
                var x = data.Row(r);
                for (int j = 0; j < d; j++)
                {
                    double v = x[j];
                    if (v == 0) continue;
                    var w = _weights.AsSpan(j * n, n);
                    for (int i = 0; i < n; i++) row[i] += v * w[i];
                }
                for (int i = 0; i < n; i++) row[i] = SpecialFunctions.Sigmoid(row[i]);
            }
            return 0;
        });
        return result;
    }
}
