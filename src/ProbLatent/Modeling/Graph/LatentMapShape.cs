namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a variational autoencoder's generative model, and of the linear-Gaussian models read the same
/// way: the model's one latent, a root Gaussian z (standard normal, or a mixture-of-Gaussians prior), read by one
/// decoder map — neural or linear — with no selector, the observed variable's Bernoulli or Gaussian likelihood around it.
/// The reparameterized engine compiles it; a neural map is what the closed-form backends refuse.
/// </summary>
public sealed record LatentMapShape(LatentNode Input, Decoder Map)
{
    /// <summary>Whether the map is a neural network rather than linear.</summary>
    public bool IsNeural => Map is MlpDecoder;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static LatentMapShape? Of(ModelGraph graph) => (graph.Latents, graph.Observation.Decoder) switch
    {
        ([{ IsRoot: true, Kind: LatentKind.Gaussian } z], { Selector: null, Map: LinearDecoder or MlpDecoder } decoder) when decoder.Input == z => new(z, decoder.Map!),
        _ => null,
    };
}
