using System.Numerics;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// One layer of a sigmoid belief net: given n input bits s, each of its m outputs is 1 with probability σ(W s + b)ⱼ,
/// independently. The layer that generates the data is the decoder; a layer between two latent layers is the
/// conditional prior of the lower one.
/// </summary>
public sealed class SigmoidLayer
{
    readonly double[] _weights; // m×n
    readonly double[] _bias;    // m

    /// <param name="weights">m×n row-major: row j holds the weights of output j on the n inputs.</param>
    /// <param name="bias">m offsets b.</param>
    /// <param name="inputs">n, the number of input bits.</param>
    public SigmoidLayer(double[] weights, double[] bias, int inputs)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (inputs < 1) throw new ArgumentException("there must be at least one boolean latent", nameof(inputs));
        int m = bias.Length;
        if (m < 1) throw new ArgumentException("a layer needs at least one output (the data dimension, or the bits of the layer below)", nameof(bias));
        if (weights.Length != m * inputs) throw new ArgumentException($"expected {m}×{inputs} weights, got {weights.Length}", nameof(weights));
        foreach (var v in weights.Concat(bias))
            if (!double.IsFinite(v)) throw new ArgumentException("weights and biases must be finite", nameof(weights));
        _weights = weights;
        _bias = bias;
        Inputs = inputs;
    }

    /// <summary>n, the number of input bits.</summary>
    public int Inputs { get; }

    /// <summary>m, the number of output bits.</summary>
    public int Outputs => _bias.Length;

    /// <summary>W, m×n row-major.</summary>
    public IReadOnlyList<double> Weights => _weights;
    public IReadOnlyList<double> Bias => _bias;

    internal ReadOnlySpan<double> WeightsSpan => _weights;
    internal ReadOnlySpan<double> BiasSpan => _bias;

    /// <summary>The activation of output j at input state s: bᵢ plus the weights of s's bits in increasing bit order.</summary>
    public double Activation(int output, int state)
    {
        int n = Inputs;
        double a = _bias[output];
        for (int i = 0; i < n; i++) if ((state >> i & 1) != 0) a += _weights[output * n + i];
        return a;
    }

    /// <summary>
    /// The activations W s + b of every input state, 2ⁿ×m row-major. A state's row is the row of the state without its
    /// highest bit plus that bit's column of W, so each state costs one vector addition and the terms are added in
    /// increasing bit order, as <see cref="Activation"/> adds them.
    /// </summary>
    internal double[] Activations()
    {
        int n = Inputs, m = Outputs, states = 1 << n;
        var columns = new double[n * m]; // Wᵀ: column i of W as a row
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++) columns[i * m + j] = _weights[j * n + i];
        var a = new double[states * m];
        _bias.CopyTo(a, 0);
        for (int s = 1; s < states; s++)
        {
            int high = 31 - BitOperations.LeadingZeroCount((uint)s);
            System.Numerics.Tensors.TensorPrimitives.Add(a.AsSpan((s & ~(1 << high)) * m, m), columns.AsSpan(high * m, m), a.AsSpan(s * m, m));
        }
        return a;
    }

    /// <summary>
    /// log p(out = u | in = s) for every input state s and output state u, 2ⁿ×2ᵐ row-major:
    /// Σⱼ uⱼ aⱼ − softplus(aⱼ), built over u by adding one activation to the state without its highest bit.
    /// </summary>
    internal double[] ConditionalLogProbabilities()
    {
        int m = Outputs, inputStates = 1 << Inputs, outputStates = 1 << m;
        var activations = Activations();
        var table = new double[(long)inputStates * outputStates];
        for (int s = 0; s < inputStates; s++)
        {
            var a = activations.AsSpan(s * m, m);
            var row = table.AsSpan(s * outputStates, outputStates);
            double none = 0;
            foreach (var v in a) none -= SpecialFunctions.Softplus(v);
            row[0] = none;
            for (int u = 1; u < outputStates; u++)
            {
                int high = 31 - BitOperations.LeadingZeroCount((uint)u);
                row[u] = row[u & ~(1 << high)] + a[high];
            }
        }
        return table;
    }

    /// <summary>Draws the outputs given the input state, one uniform per output in order; returns the output state.</summary>
    internal int Draw(int state, Random random, Span<double> outputs)
    {
        int drawn = 0;
        for (int j = 0; j < Outputs; j++)
        {
            bool on = random.NextDouble() < SpecialFunctions.Sigmoid(Activation(j, state));
            outputs[j] = on ? 1 : 0;
            if (on && j < 31) drawn |= 1 << j;
        }
        return drawn;
    }
}
