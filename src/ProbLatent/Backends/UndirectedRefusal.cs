using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends;

/// <summary>
/// The refusal of the directed backends (EM, VMP, reparameterized; Exact without parameters) for a model joined by an
/// undirected energy — a restricted Boltzmann machine, or a deep belief net's top pair: its normaliser sums over both
/// layers it joins, so it has no prior per latent and no conditional per variable for their rules to compile. It names
/// the energy and the backend that trains it.
/// </summary>
internal static class UndirectedRefusal
{
    public static void Check(string backend, ModelGraph graph, string? besides = null)
    {
        var (owner, decoder) = graph.Latents.Where(l => !l.IsRoot).Select(l => (l.Name, l.Conditional!))
            .Append((graph.Observation.Name, graph.Observation.Decoder)).FirstOrDefault(p => p.Item2.Spec is Energy);
        if (decoder?.Spec is not Energy energy) return;
        var hidden = decoder.Input!;
        string trainer = owner == graph.Observation.Name ? "CD-k or persistent CD" : "a deep belief net, greedily, layer by layer";
        throw new BackendNotSupportedException(backend,
            $"model '{graph.Name}': {energy} joins '{owner}' and boolean '{hidden.Name}' undirected, under one normaliser Z over both, " +
            $"which the {backend} backend's directed rules (a prior per latent, a conditional per variable) do not compile; " +
            $"train it with Inference.Contrastive() ({trainer}){besides}");
    }
}
