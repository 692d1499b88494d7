using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends;

/// <summary>
/// The parts of a sigmoid belief net in a model graph: boolean latents in one chain — a root with its own prior, each
/// latent after it given the one before through <c>Decoder.Linear(Likelihood.Bernoulli())</c> — and the observed
/// variable read from the last through the same decoder. Exact inference and EM compile these parts by enumerating the
/// joint states; the other backends refuse them, naming the sigmoid part.
/// </summary>
internal static class BeliefNetGraph
{
    /// <summary>Whether the graph has a boolean latent: the part that sends it down the belief net's path.</summary>
    public static bool Applies(ModelGraph graph) => graph.Latents.Any(l => l.Kind == LatentKind.Boolean);

    /// <summary>
    /// The bits of each latent layer, top first, or a refusal naming the first part that is not a belief net's or, for the
    /// backends that enumerate, saying the net has too many bits.
    /// </summary>
    public static int[] Layers(string backend, ModelGraph graph)
    {
        var bits = Chain(backend, graph);
        int total = bits.Sum();
        if (total > BooleanLatentModel.MaxExactBits)
            throw new BackendNotSupportedException(backend,
                $"model '{graph.Name}': its {total} boolean latents ({string.Join(" + ", bits)} bits) have 2^{total}{(total < 63 ? $" = {(long)graph.DiscreteStates}" : "")} joint states; " +
                $"exact enumeration is limited to n ≤ {BooleanLatentModel.MaxExactBits} bits ({1 << BooleanLatentModel.MaxExactBits} joint states); " +
                "train a net with more bits, of one layer or several, by a score-function gradient, Inference.ScoreFunction() (VIMCO or NVIL)");
        return bits;
    }

    /// <summary>The bits of each latent layer, top first, whatever their number, or a refusal naming the first part that is not a belief net's.</summary>
    public static int[] Chain(string backend, ModelGraph graph)
    {
        string model = $"model '{graph.Name}'";
        LatentNode? above = null;
        foreach (var latent in graph.Latents)
        {
            if (latent.Kind != LatentKind.Boolean)
                throw new BackendNotSupportedException(backend,
                    $"{model}: latent '{latent.Name}' is {latent.Kind} beside boolean latents; the {backend} backend enumerates boolean latents " +
                    "in one chain (a sigmoid belief net) and nothing else with them");
            if (above is null)
            {
                if (!latent.IsRoot) throw new InvalidOperationException($"the graph of {model} starts with a conditioned latent '{latent.Name}'");
            }
            else if (latent.IsRoot)
                throw new BackendNotSupportedException(backend,
                    $"{model}: latent '{latent.Name}' is a second root beside '{graph.Latents[0].Name}'; a belief net's layers form one chain, each given the one declared before it");
            else CheckSigmoid(backend, model, latent.Name, latent.Conditional!, above);
            above = latent;
        }
        CheckSigmoid(backend, model, graph.Observation.Name, graph.Observation.Decoder, above!);
        return graph.Latents.Select(l => l.Dimension).ToArray();
    }

    internal static void CheckSigmoid(string backend, string model, string owner, DecoderNode decoder, LatentNode above)
    {
        if (decoder.Selector is null && decoder.Map is LinearDecoder && decoder.Likelihood is BernoulliLikelihood && decoder.Input == above) return;
        throw new BackendNotSupportedException(backend,
            $"{model}: the decoder of '{owner}', {decoder}, reading {string.Join(" and ", decoder.Parents.Select(p => $"'{p.Name}'"))}, is not a sigmoid layer " +
            $"from '{above.Name}', the latent declared before it; a belief net generates each layer and the data by Decoder.Linear(Likelihood.Bernoulli()) from the layer above");
    }

    /// <summary>The first sigmoid part of the graph, for a refusal: "x ~ Bernoulli(σ(W h1 + b)) given boolean 'h1'".</summary>
    public static string SigmoidPart(ModelGraph graph)
    {
        foreach (var (owner, decoder) in graph.Latents.Where(l => !l.IsRoot).Select(l => (l.Name, l.Conditional!)).Append((graph.Observation.Name, graph.Observation.Decoder)))
            if (decoder.Input is { Kind: LatentKind.Boolean } input && decoder.Likelihood is BernoulliLikelihood)
                return $"{owner} ~ Bernoulli(σ(W {input.Name} + b))";
        var boolean = graph.Latents.First(l => l.Kind == LatentKind.Boolean);
        return $"the decoder reading boolean '{boolean.Name}'";
    }
}
