using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>One dense layer of a trained network: y = f(x W + b), for a row x.</summary>
/// <param name="Weight">W, <paramref name="Inputs"/> × <paramref name="Outputs"/>, row by row (an input's weights together).</param>
/// <param name="Bias">b, one per output.</param>
/// <param name="Activation">f, applied after the affine map (<see cref="Activation.Identity"/> for none).</param>
public sealed record DenseLayerWeights(int Inputs, int Outputs, IReadOnlyList<float> Weight, IReadOnlyList<float> Bias, Activation Activation);

/// <summary>
/// The trained networks of a <see cref="NetworkModel"/> (a variational or plain autoencoder), read-only and copied out
/// of the model: what a serializer such as the ONNX exporter needs to run them elsewhere, in the model's float32
/// values. Everything is in the data's units: a fit that trained on standardized columns has already folded the map
/// back into <see cref="InputShift"/>, <see cref="InputScale"/> and the decoder's last layer.
/// </summary>
public sealed class NetworkWeights
{
    internal NetworkWeights(VaeArchitecture architecture, float[]? inputShift, float[]? inputScale,
        DenseLayerWeights[] encoderHidden, DenseLayerWeights location, DenseLayerWeights? logVariance,
        DenseLayerWeights[] decoder, double[]? noiseVariances)
    {
        Architecture = architecture;
        InputShift = inputShift;
        InputScale = inputScale;
        EncoderHidden = encoderHidden;
        Location = location;
        LogVariance = logVariance;
        Decoder = decoder;
        NoiseVariances = noiseVariances;
    }

    public VaeArchitecture Architecture { get; }

    /// <summary>
    /// The encoder reads (x − shift) ∘ scale, per column; null under a Bernoulli likelihood, whose 0/1 data is read as
    /// it is.
    /// </summary>
    public IReadOnlyList<float>? InputShift { get; }

    /// <inheritdoc cref="InputShift"/>
    public IReadOnlyList<float>? InputScale { get; }

    /// <summary>The encoder's hidden layers, each with the encoder's activation.</summary>
    public IReadOnlyList<DenseLayerWeights> EncoderHidden { get; }

    /// <summary>The head that gives q(z | x)'s mean, or a point-mass guide's code z = f(x); no activation.</summary>
    public DenseLayerWeights Location { get; }

    /// <summary>The head that gives q(z | x)'s log-variance; null for a point-mass guide.</summary>
    public DenseLayerWeights? LogVariance { get; }

    /// <summary>
    /// The decoder's layers, the activation after each but the last: its output is the Bernoulli logits or the Gaussian
    /// means of p(x | z).
    /// </summary>
    public IReadOnlyList<DenseLayerWeights> Decoder { get; }

    /// <summary>The Gaussian likelihood's variance of each data dimension (learned or fixed); null under a Bernoulli one.</summary>
    public IReadOnlyList<double>? NoiseVariances { get; }
}
