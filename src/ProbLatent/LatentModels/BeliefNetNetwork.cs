using ProbLatent.Autodiff;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A sigmoid belief net of any number of layers and its encoder as float32 parameters on the autodiff tape, what
/// score-function training steps and <see cref="BeliefNetTapePass"/> runs: the top prior's logits, each generative
/// sigmoid layer as a dense map from the layer above (in×out, the tape's layout; a <see cref="SigmoidLayer"/> holds out×in),
/// and each encoder factor q(h_k | below) as an <see cref="Mlp"/> with tanh hidden layers and its logits last.
/// </summary>
internal sealed class BeliefNetNetwork
{
    /// <param name="layerBits">The bits of each latent layer, top first.</param>
    /// <param name="encoderHidden">The tanh hidden widths of every encoder factor (none: linear logits).</param>
    public BeliefNetNetwork(int dimension, IReadOnlyList<int> layerBits, IReadOnlyList<int> encoderHidden)
        : this(dimension, layerBits, Enumerable.Repeat(encoderHidden, layerBits.Count).ToArray())
    {
    }

    BeliefNetNetwork(int dimension, IReadOnlyList<int> layerBits, IReadOnlyList<IReadOnlyList<int>> encoderHidden)
    {
        Dimension = dimension;
        LayerBits = [.. layerBits];
        int layers = LayerBits.Length;
        PriorLogits = new Parameter("prior.logits", 1, LayerBits[0]);
        // generative[k] reads latent layer k (top first) and generates the next, or x from the last.
        Generative = Enumerable.Range(0, layers)
            .Select(k => new Dense($"generative.{k}", LayerBits[k], k + 1 < layers ? LayerBits[k + 1] : dimension)).ToArray();
        // encoder[k] draws latent layer k from the data up: h₁ from x, h₂ from h₁, …
        Encoders = Enumerable.Range(0, layers).Select(k =>
        {
            int inputs = k == 0 ? dimension : LayerBits[layers - k], outputs = LayerBits[layers - 1 - k];
            return new Mlp($"encoder.{k}", [inputs, .. encoderHidden[k], outputs], Nonlinearity.Tanh);
        }).ToArray();
    }

    public int Dimension { get; }

    /// <summary>The bits of each latent layer, top first.</summary>
    public int[] LayerBits { get; }

    public Parameter PriorLogits { get; }

    /// <summary>Top down: the first reads the top layer, the last generates x.</summary>
    public Dense[] Generative { get; }

    /// <summary>From the data up: the first draws h₁ from x.</summary>
    public Mlp[] Encoders { get; }

    /// <summary>Every parameter, the net's (prior, then the layers top down) and then the encoder's (from the data up).</summary>
    public IEnumerable<Parameter> Parameters =>
        [PriorLogits, .. Generative.SelectMany(g => g.Parameters), .. Encoders.SelectMany(e => e.Parameters)];

    /// <summary>
    /// Starting values: the prior at ½, the generative weights N(0, scale²), x's biases at <paramref name="visibleBiases"/>
    /// and the other biases at 0, and the encoder's maps Glorot-uniform (<see cref="Mlp.Initialize"/>).
    /// </summary>
    public void Initialize(Random random, double scale, double[] visibleBiases)
    {
        foreach (var g in Generative)
        {
            var w = g.Weight.Value.Span;
            for (int i = 0; i < w.Length; i++) w[i] = (float)(scale * random.NextGaussian());
            g.Bias.Value.Clear();
        }
        for (int j = 0; j < Dimension; j++) Generative[^1].Bias.Value.Span[j] = (float)visibleBiases[j];
        foreach (var e in Encoders) e.Initialize(random);
    }

    /// <summary>The network of a net and its encoder, in float32.</summary>
    public static BeliefNetNetwork Of(BooleanLatentModel net)
    {
        var encoder = net.Encoder ?? throw new ArgumentException("the net has no encoder", nameof(net));
        var network = new BeliefNetNetwork(net.Dimension, net.LayerBits, encoder.Layers.Select(l => (IReadOnlyList<int>)l.Widths.Skip(1).SkipLast(1).ToArray()).ToArray());
        var a = network.PriorLogits.Value.Span;
        for (int i = 0; i < a.Length; i++) a[i] = (float)SpecialFunctions.Logit(net.Priors[i]);
        for (int k = 0; k < net.Layers.Count; k++)
        {
            var layer = net.Layers[k];
            var w = network.Generative[k].Weight.Value;
            for (int j = 0; j < layer.Outputs; j++)
                for (int i = 0; i < layer.Inputs; i++) w[i, j] = (float)layer.Weights[j * layer.Inputs + i];
            Copy(layer.Bias, network.Generative[k].Bias.Value.Span);
        }
        for (int k = 0; k < encoder.Layers.Count; k++)
            for (int m = 0; m < encoder.Layers[k].Weights.Count; m++)
            {
                Copy(encoder.Layers[k].Weights[m], network.Encoders[k].Layers[m].Weight.Value.Span);
                Copy(encoder.Layers[k].Biases[m], network.Encoders[k].Layers[m].Bias.Value.Span);
            }
        return network;
    }

    /// <summary>The net and encoder these values make, in double precision.</summary>
    public BooleanLatentModel Model()
    {
        var priors = BeliefNetKernel.Priors(PriorLogits.Value.Span);
        var layers = Generative.Select(g =>
        {
            int inputs = g.Inputs, outputs = g.Outputs;
            var w = new double[outputs * inputs];
            for (int j = 0; j < outputs; j++)
                for (int i = 0; i < inputs; i++) w[j * inputs + i] = g.Weight.Value[i, j];
            return new SigmoidLayer(w, ToDouble(g.Bias.Value.Span), inputs);
        }).ToArray();
        var encoder = new BeliefNetEncoder(Encoders.Select(e => new BeliefNetEncoderLayer(
            e.Layers.Select(l => ToDouble(l.Weight.Value.Span)).ToArray(), e.Layers.Select(l => ToDouble(l.Bias.Value.Span)).ToArray())).ToArray());
        return new BooleanLatentModel(priors, layers, encoder);
    }

    static void Copy(IReadOnlyList<double> from, Span<float> to)
    {
        for (int i = 0; i < to.Length; i++) to[i] = (float)from[i];
    }

    static double[] ToDouble(Span<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
