using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends;

/// <summary>
/// The refusal of the directed backends (EM, VMP, reparameterized; Exact without parameters) for a model joined by an
/// undirected energy: its normaliser sums over the latents and the data together, so it has no prior per latent and no
/// conditional per variable for their rules to compile. It names the energy and the backend that trains it.
/// </summary>
internal static class UndirectedRefusal
{
    public static void Check(string backend, ModelGraph graph, string? besides = null)
    {
        if (graph.Observation.Decoder.Spec is not Energy energy) return;
        var hidden = graph.Observation.Decoder.Input!;
        throw new BackendNotSupportedException(backend,
            $"model '{graph.Name}': {energy} joins '{graph.Observation.Name}' and boolean '{hidden.Name}' undirected, under one normaliser Z over both, " +
            $"which the {backend} backend's directed rules (a prior per latent, a conditional per variable) do not compile; " +
            $"train it with Inference.Contrastive() (CD-k or persistent CD){besides}");
    }
}
