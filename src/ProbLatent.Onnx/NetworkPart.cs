namespace ProbLatent.Onnx;

/// <summary>Which of a trained network model's two networks an ONNX graph holds.</summary>
public enum NetworkPart
{
    /// <summary>
    /// x (batch × data dimension) → <c>mean</c> and <c>log_variance</c> of q(z | x) (batch × latent dimension); for a
    /// plain autoencoder one output, <c>code</c>, z = f(x).
    /// </summary>
    Encoder,

    /// <summary>
    /// z (batch × latent dimension) → the likelihood's parameters, batch × data dimension: <c>probabilities</c> under a
    /// Bernoulli likelihood, <c>mean</c> and <c>variance</c> under a Gaussian one.
    /// </summary>
    Decoder,
}
