using System.Reflection;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Onnx;

/// <summary>
/// Writes the trained encoder or decoder of a variational or plain autoencoder as an ONNX model (opset 17, the batch
/// dimension symbolic), so any ONNX runtime serves it and gives what <see cref="VariationalAutoencoder.Encode(Data.DataMatrix)"/>,
/// <see cref="Autoencoder.Encode(Data.DataMatrix)"/> and <see cref="NetworkModel.Decode"/> give, in the data's units. Its
/// inputs and outputs are named as <see cref="NetworkPart"/> says; the values are the model's float32 weights.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = OnnxGraph.Opset;

    /// <summary>The name of the symbolic first dimension of every input and output: the number of rows.</summary>
    public const string BatchDimension = OnnxGraph.BatchDimension;

    /// <summary>The ONNX model of one part of <paramref name="model"/>, as bytes.</summary>
    /// <exception cref="ArgumentException">The model is not a network model (a mixture, PPCA, factor analysis…); the message names its family.</exception>
    public static byte[] ToBytes(ILatentModel model, NetworkPart part) =>
        Graph(model, part).ToModel(typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "");

    /// <summary>The names and widths of the graph's inputs and outputs, each batch × width, as <see cref="NetworkPart"/> describes them.</summary>
    /// <exception cref="ArgumentException">The model is not a network model; the message names its family.</exception>
    public static (IReadOnlyList<(string Name, int Columns)> Inputs, IReadOnlyList<(string Name, int Columns)> Outputs) Signature(ILatentModel model, NetworkPart part)
    {
        var graph = Graph(model, part);
        return (graph.Inputs, graph.Outputs);
    }

    static OnnxGraph Graph(ILatentModel model, NetworkPart part)
    {
        var weights = NetworkOf(model).Weights();
        // A Gaussian-mixture VAE's heads are K Gaussians and the logits of c, which the encoder's graph (a mean and a
        // log-variance) does not lay out; its decoder is a plain VAE's.
        if (part == NetworkPart.Encoder && weights.Architecture.MixtureGuide)
            throw new ArgumentException($"the model is a Gaussian-mixture VAE, whose encoder gives q(c | x) and {weights.Architecture.PriorComponents} Gaussians q(z | x, c), " +
                "which the encoder's ONNX graph (one mean and log-variance) does not hold; export its decoder (--part decoder)", nameof(model));
        return part switch
        {
            NetworkPart.Encoder => Encoder(weights),
            NetworkPart.Decoder => Decoder(weights),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "the part is the encoder or the decoder"),
        };
    }

    /// <summary>
    /// Writes one part of <paramref name="model"/> to <paramref name="path"/>, whole or not at all (<see cref="AtomicFile"/>):
    /// a failed write raises <see cref="IOException"/> naming the file and leaves any earlier file there intact.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not a network model; the message names its family.</exception>
    public static void Write(ILatentModel model, NetworkPart part, string path)
    {
        var bytes = ToBytes(model, part);
        AtomicFile.Write(path, file => file.Write(bytes), reason => new IOException($"{path}: {reason}"));
    }

    static NetworkModel NetworkOf(ILatentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model as NetworkModel ?? throw new ArgumentException(
            $"the model is a {model.Family} ({model.GetType().Name}), not a network model: only a variational autoencoder or a plain " +
            "autoencoder (fit --model vae|autoencoder) has an encoder and a decoder to export to ONNX", nameof(model));
    }

    /// <summary>x → (x − shift) ∘ scale → the hidden layers → the heads.</summary>
    static OnnxGraph Encoder(NetworkWeights weights)
    {
        var architecture = weights.Architecture;
        var graph = new OnnxGraph("encoder", $"The encoder of a trained {Kind(architecture)}: {architecture}");
        var h = graph.Input("x", architecture.DataDimension);
        if (weights.InputShift is { } shift)
        {
            h = graph.Node("Sub", null, h, graph.Constant("input_shift", shift, shift.Count));
            h = graph.Node("Mul", null, h, graph.Constant("input_scale", weights.InputScale!, shift.Count));
        }
        for (int i = 0; i < weights.EncoderHidden.Count; i++) h = Layer(graph, $"encoder.{i}", weights.EncoderHidden[i], h, null);
        if (weights.LogVariance is null) graph.Output(Layer(graph, "encoder.code", weights.Location, h, "code"), architecture.LatentDimension);
        else
        {
            graph.Output(Layer(graph, "encoder.mean", weights.Location, h, "mean"), architecture.LatentDimension);
            graph.Output(Layer(graph, "encoder.log_variance", weights.LogVariance, h, "log_variance"), architecture.LatentDimension);
        }
        return graph;
    }

    /// <summary>z → the layers → σ of the logits, or the means with the noise variances broadcast to every row.</summary>
    static OnnxGraph Decoder(NetworkWeights weights)
    {
        var architecture = weights.Architecture;
        int d = architecture.DataDimension;
        var graph = new OnnxGraph("decoder", $"The decoder of a trained {Kind(architecture)}: {architecture}");
        var h = graph.Input("z", architecture.LatentDimension);
        var last = weights.Decoder.Count - 1;
        for (int i = 0; i < last; i++) h = Layer(graph, $"decoder.{i}", weights.Decoder[i], h, null);
        if (weights.NoiseVariances is not { } variances)
        {
            var logits = Layer(graph, $"decoder.{last}", weights.Decoder[last], h, null);
            graph.Output(graph.Node("Sigmoid", "probabilities", logits), d);
            return graph;
        }
        var mean = Layer(graph, $"decoder.{last}", weights.Decoder[last], h, "mean");
        graph.Output(mean, d);
        var noise = graph.Constant("noise_variance", variances.Select(v => (float)v).ToArray(), 1, d);
        graph.Output(graph.Node("Expand", "variance", noise, graph.Node("Shape", null, mean)), d);
        return graph;
    }

    /// <summary>One dense layer, Gemm then its activation; the last node's output is named <paramref name="output"/> when given.</summary>
    static string Layer(OnnxGraph graph, string name, DenseLayerWeights layer, string input, string? output)
    {
        var weight = graph.Constant($"{name}.weight", layer.Weight, layer.Inputs, layer.Outputs);
        var bias = graph.Constant($"{name}.bias", layer.Bias, layer.Outputs);
        var op = Operator(layer.Activation);
        var affine = graph.Node("Gemm", op is null ? output : null, input, weight, bias);
        return op is null ? affine : graph.Node(op, output, affine);
    }

    /// <summary>The ONNX operator of an activation, or null for the identity.</summary>
    static string? Operator(Activation activation) => activation switch
    {
        Activation.Identity => null,
        Activation.Tanh => "Tanh",
        Activation.Relu => "Relu",
        Activation.Sigmoid => "Sigmoid",
        Activation.Softplus => "Softplus",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "an activation ONNX export does not know"),
    };

    static string Kind(VaeArchitecture architecture) => architecture.PointMassGuide ? "plain autoencoder" : "variational autoencoder";
}
