using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// One factor of a belief net's encoder, q(h_k | below) = Πᵢ Bernoulli(hᵢ; σ(f(below))ᵢ), where below is x for h₁ and
/// the bits drawn for h_{k−1} otherwise, and f is an MLP: dense maps with tanh after each hidden one and the logits last.
/// No hidden layer is the linear encoder of Mnih and Rezende's (2016) and Mnih and Gregor's (2014) belief-net experiments.
/// </summary>
public sealed class BeliefNetEncoderLayer
{
    readonly double[][] _weights; // each in×out row-major, from the input up
    readonly double[][] _biases;

    /// <param name="weights">The dense maps from the input up, each in×out row-major: row j holds input j's weights.</param>
    /// <param name="biases">Each map's offsets, one per output.</param>
    public BeliefNetEncoderLayer(IReadOnlyList<double[]> weights, IReadOnlyList<double[]> biases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (weights.Count < 1 || weights.Count != biases.Count)
            throw new ArgumentException($"an encoder layer needs one bias per weight matrix and at least one of each; got {weights.Count} and {biases.Count}", nameof(weights));
        var widths = new int[weights.Count + 1];
        for (int m = 0; m < weights.Count; m++)
        {
            var (w, b) = (weights[m] ?? throw new ArgumentNullException(nameof(weights)), biases[m] ?? throw new ArgumentNullException(nameof(biases)));
            if (b.Length < 1) throw new ArgumentException($"map {m + 1} of the encoder layer has no outputs", nameof(biases));
            if (w.Length == 0 || w.Length % b.Length != 0 || m > 0 && w.Length != widths[m] * b.Length)
                throw new ArgumentException($"map {m + 1} of the encoder layer: expected {(m > 0 ? widths[m].ToString() : "d")}×{b.Length} weights, got {w.Length}", nameof(weights));
            foreach (var v in w.Concat(b))
                if (!double.IsFinite(v)) throw new ArgumentException("the encoder's weights and biases must be finite", nameof(weights));
            widths[m] = w.Length / b.Length;
            widths[m + 1] = b.Length;
        }
        _weights = [.. weights];
        _biases = [.. biases];
        Widths = widths;
    }

    /// <summary>Input, hidden and output widths: [784, 200, 200] is a tanh layer of 200 before 200 bits.</summary>
    public IReadOnlyList<int> Widths { get; }
    public int Inputs => Widths[0];

    /// <summary>The bits this factor draws.</summary>
    public int Outputs => Widths[^1];

    /// <summary>The dense maps' weights from the input up, each in×out row-major.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Weights => _weights;
    public IReadOnlyList<IReadOnlyList<double>> Biases => _biases;

    /// <summary>
    /// q(hᵢ = 1 | input) for <paramref name="count"/> rows of <paramref name="inputs"/> (count×Inputs row-major) into
    /// <paramref name="result"/> (count×Outputs), in double precision, one row at a time.
    /// </summary>
    internal void Probabilities(ReadOnlySpan<double> inputs, int count, Span<double> result)
    {
        int widest = Widths.Max();
        // Two rows of the widest map: on the stack for the widths images need, so a row allocates nothing.
        Span<double> a = widest <= 1024 ? stackalloc double[widest] : new double[widest];
        Span<double> b = widest <= 1024 ? stackalloc double[widest] : new double[widest];
        for (int r = 0; r < count; r++)
        {
            var input = inputs.Slice(r * Inputs, Inputs);
            input.CopyTo(a);
            for (int m = 0; m < _weights.Length; m++)
            {
                int n = Widths[m + 1];
                var output = m == _weights.Length - 1 ? result.Slice(r * n, n) : b[..n];
                _biases[m].CopyTo(output);
                for (int j = 0; j < Widths[m]; j++)
                {
                    double v = a[j];
                    if (v == 0) continue;
                    var w = _weights[m].AsSpan(j * n, n);
                    for (int i = 0; i < n; i++) output[i] += v * w[i];
                }
                if (m == _weights.Length - 1)
                    for (int i = 0; i < n; i++) output[i] = SpecialFunctions.Sigmoid(output[i]);
                else
                {
                    for (int i = 0; i < n; i++) output[i] = Math.Tanh(output[i]);
                    output.CopyTo(a);
                }
            }
        }
    }
}
