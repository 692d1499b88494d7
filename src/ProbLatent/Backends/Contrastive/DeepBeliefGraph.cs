using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// The parts of a deep belief net in a model graph (Hinton, Osindero and Teh 2006): boolean latents in one chain, the
/// top two joined by an energy, <c>.Latent("h2", Prior.Bernoulli(n2)).Latent("h1", Prior.Bernoulli(n1).Given("h2", Energy.Bilinear()))</c>,
/// each latent below them generated from the one declared before it by <c>Decoder.Linear(Likelihood.Bernoulli())</c>, and
/// the data from the last the same way. A restricted Boltzmann machine, the energy between the data and one latent, is
/// the net of one layer.
/// </summary>
internal static class DeepBeliefGraph
{
    /// <summary>Whether an energy joins two latents of the graph: the part that makes it a net of several layers.</summary>
    public static bool Applies(ModelGraph graph) => graph.Latents.Count > 1 && graph.Latents[1].Conditional?.Spec is Energy;

    /// <summary>The hidden units of each layer, bottom first (the layer the data reads, then up to the top), or a refusal naming the part that is not a net's.</summary>
    public static int[] Layers(string backend, Model modelSpec, ModelGraph graph)
    {
        if (graph.Observation.Decoder.Spec is Energy) return [graph.Latents[0].Dimension];
        if (!Applies(graph))
            throw new BackendNotSupportedException(backend,
                $"model '{graph.Name}': the decoder of '{graph.Observation.Name}', {graph.Observation.Decoder}, is directed, and the contrastive backend trains an " +
                $"undirected energy: a restricted Boltzmann machine (.Energy(Energy.Bilinear()) between the data and its latent) or a deep belief net, whose top two " +
                $"latents an energy joins ({graph.Latents[0].Name} first, the next given it through Energy.Bilinear()); {BackendAlternatives.Advice(modelSpec, backend)}");
        string model = $"model '{graph.Name}'";
        for (int k = 2; k < graph.Latents.Count; k++)
        {
            var latent = graph.Latents[k];
            if (latent.IsRoot)
                throw new BackendNotSupportedException(backend,
                    $"{model}: latent '{latent.Name}' is a second root beside '{graph.Latents[0].Name}'; a deep belief net's layers form one chain, each below the top pair given the one declared before it");
            BeliefNetGraph.CheckSigmoid(backend, model, latent.Name, latent.Conditional!, graph.Latents[k - 1]);
        }
        BeliefNetGraph.CheckSigmoid(backend, model, graph.Observation.Name, graph.Observation.Decoder, graph.Latents[^1]);
        return graph.Latents.Reverse().Select(l => l.Dimension).ToArray();
    }
}
