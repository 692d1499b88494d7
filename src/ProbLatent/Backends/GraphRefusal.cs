using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends;

/// <summary>
/// The refusals of a backend that compiles only some shapes of graph: they name the first part it does not compile,
/// so a composed model or a stated prior is never run as if it were a simpler one.
/// </summary>
internal static class GraphRefusal
{
    /// <summary>The refusal of a graph none of the backend's shapes matches, naming the part that makes it a composition they do not cover.</summary>
    public static BackendNotSupportedException Composition(string backend, ModelGraph graph) => new(backend,
        $"model '{graph.Name}': {Composition(graph)}, which the {backend} backend does not compile");

    /// <summary>Refuses a graph that states parameter priors, for a backend that does not use them.</summary>
    public static void NoStatedPriors(string backend, ModelGraph graph, string instead)
    {
        if (graph.Priors.Count == 0) return;
        var (parameter, prior) = graph.Priors.First();
        throw new BackendNotSupportedException(backend,
            $"model '{graph.Name}' states the prior {prior} on '{parameter.FullName}', which the {backend} backend does not use; {instead}");
    }

    static string Composition(ModelGraph graph)
    {
        if (graph.Latents.FirstOrDefault(l => !l.IsRoot) is { } conditioned)
            return $"latent '{conditioned.Name}' depends on {string.Join(" and ", conditioned.Conditional!.Parents.Select(p => $"'{p.Name}'"))} through {conditioned.Conditional}";
        var decoder = graph.Observation.Decoder;
        if (decoder.Selector is not null && decoder.Map is not null)
            return $"the decoder of '{graph.Observation.Name}', {decoder}, has the parameters of a {(decoder.Map is LinearDecoder ? "linear" : "neural")} map selected by '{decoder.Selector.Name}'";
        return $"the decoder of '{graph.Observation.Name}' reads {string.Join(" and ", decoder.Parents.Select(p => $"'{p.Name}'"))} of the latents {string.Join(", ", graph.Latents.Select(l => $"'{l.Name}'"))}";
    }
}
