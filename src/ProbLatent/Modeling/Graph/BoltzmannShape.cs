namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a restricted Boltzmann machine: the model's one latent, a root layer of bits, joined to the
/// observed variable by an undirected energy rather than generating it. Backends that compile the shape read its parts from here.
/// </summary>
public sealed record BoltzmannShape(LatentNode Hidden, Energy Energy)
{
    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static BoltzmannShape? Of(ModelGraph graph) => (graph.Latents, graph.Observation.Decoder) switch
    {
        ([{ IsRoot: true, Kind: LatentKind.Boolean } h], { Spec: Energy energy } decoder) when decoder.Input == h => new(h, energy),
        _ => null,
    };
}
