using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// VMP's compiler from a model graph to its parts, one conjugate-exponential rule per part (Winn and Bishop 2005):
/// <list type="bullet">
/// <item>per latent, by its kind and prior and the factors that read it: a Markov chain its chain plate and its Dirichlet π
/// and rows of A (the Bayesian HMM); a root categorical gives its weights part and a
/// Discrete plate, or shares a structured plate with the Gaussian latent a factor reads with it selecting (a decoder
/// selected by it over that latent, or that latent's conditional selected by it); a root standard normal a Gaussian
/// plate, or its place on such a structured plate; a Gaussian given a categorical through a per-component Gaussian (full
/// or diagonal), that gate over the latent;</item>
/// <item>per decoder, by its map, likelihood and selector: a per-component Gaussian (full or diagonal), Bernoulli or categorical of the
/// data selected by a categorical or a chain; a linear map with Gaussian noise (diagonal or isotropic) from a Gaussian latent, one
/// or selected per component.</item>
/// </list>
/// A part no rule accepts is refused, naming it and the backends that run the model (<see cref="BackendAlternatives"/>).
/// </summary>
internal static class VmpRules
{
    /// <summary>The parts of the graph, each latent's in the graph's order then each decoder's (the data's first), or the first part no rule accepts.</summary>
    public static IReadOnlyList<VmpPart> Parts(ModelGraph graph, out string? refused)
    {
        refused = null;
        var parts = new List<VmpPart>();
        foreach (var latent in graph.Latents)
        {
            var part = LatentParts(graph, latent, out refused);
            if (part is null) return [];
            parts.AddRange(part);
        }
        var observation = graph.Observation;
        var decoder = DecoderPart(graph, observation.Name, observation.Decoder, out refused);
        if (decoder is null) return [];
        parts.Add(decoder);
        foreach (var latent in graph.Latents.Where(l => !l.IsRoot))
        {
            var conditional = ConditionalPart(graph, latent, out refused);
            if (conditional is null) return [];
            parts.Add(conditional);
        }
        return parts;
    }

    /// <summary>The Gaussian latent that shares a structured plate with categorical <paramref name="c"/>, if any.</summary>
    static LatentNode? Structured(ModelGraph graph, LatentNode c) =>
        graph.Decoders.FirstOrDefault(d => d.Selector == c && d.Input is { Kind: LatentKind.Gaussian })?.Input
        ?? graph.Latents.FirstOrDefault(l => l.Conditional is { Input: null, Map: null } conditional && conditional.Selector == c && l.Kind == LatentKind.Gaussian);

    static LatentNode? StructuredWith(ModelGraph graph, LatentNode h) =>
        graph.Latents.FirstOrDefault(c => c.Kind == LatentKind.Categorical && c.IsRoot && Structured(graph, c) == h);

    static IEnumerable<VmpPart>? LatentParts(ModelGraph graph, LatentNode latent, out string? refused)
    {
        refused = null;
        switch (latent)
        {
            case { Kind: LatentKind.Categorical, IsRoot: true }:
                VmpPart plate = Structured(graph, latent) is { } h ? new StructuredPlatePart(latent, h) : new DiscretePlatePart(latent);
                return [plate, new CategoricalPart(latent)];
            case { Kind: LatentKind.Gaussian } when StructuredWith(graph, latent) is not null:
                return [];
            case { Kind: LatentKind.Gaussian, IsRoot: true, Prior: StandardNormalPrior }:
                return [new GaussianPlatePart(latent)];
            case { Kind: LatentKind.Chain, IsRoot: true }:
                return [new DiscretePlatePart(latent), new MarkovChainPart(latent)];
            case { IsRoot: false }:
                refused = DependsOn(latent);
                return null;
            default:
                refused = $"latent '{latent.Name}' is {latent.Kind} with the prior {latent.Prior}";
                return null;
        }
    }

    static VmpPart? DecoderPart(ModelGraph graph, string owner, DecoderNode decoder, out string? refused)
    {
        refused = null;
        switch (decoder)
        {
            case { Selector: { IsRoot: true, Kind: LatentKind.Categorical or LatentKind.Chain }, Input: null, Map: null,
                   Likelihood: GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal } or BernoulliLikelihood or CategoricalLikelihood }
                when StructuredWith(graph, decoder.Selector) is null:
                return new PerComponentPart(owner, decoder);
            case { Input: { Kind: LatentKind.Gaussian } input, Map: LinearDecoder,
                   Likelihood: GaussianLikelihood { FixedVariance: null, Covariance: Covariance.Diagonal or Covariance.Isotropic } }
                when decoder.Selector is null || (StructuredWith(graph, input) == decoder.Selector && input.IsRoot):
                return new LinearGaussianPart(owner, decoder);
            default:
                refused = $"the decoder of '{owner}', {decoder}, reading {string.Join(" and ", decoder.Parents.Select(p => $"'{p.Name}'"))}";
                return null;
        }
    }

    static VmpPart? ConditionalPart(ModelGraph graph, LatentNode latent, out string? refused)
    {
        refused = null;
        if (latent.Conditional is { Input: null, Map: null, Selector: { IsRoot: true } c, Likelihood: GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal, FixedVariance: null } }
            && StructuredWith(graph, latent) == c && latent.Kind == LatentKind.Gaussian)
            return new LatentGatePart(latent);
        refused = DependsOn(latent);
        return null;
    }

    /// <summary>A conditioned latent no rule accepts, named with its parents and its conditional.</summary>
    static string DependsOn(LatentNode latent) =>
        $"latent '{latent.Name}' depends on {string.Join(" and ", latent.Conditional!.Parents.Select(p => $"'{p.Name}'"))} through {latent.Conditional}";
}
