namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a Gaussian-mixture VAE: a root categorical c, a Gaussian z given c through a per-component
/// diagonal Gaussian (z | c ~ N(m_c, diag s_c²)), and the observed variable read from z alone by one neural decoder. The
/// reparameterized engine compiles it, summing c out exactly; the closed-form backends refuse its neural decoder.
/// </summary>
public sealed record GaussianMixtureVaeShape(LatentNode Selector, LatentNode Latent, MlpDecoder Map)
{
    public int Components => Selector.States!.Value;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static GaussianMixtureVaeShape? Of(ModelGraph graph) => (graph.Latents, graph.Observation.Decoder) switch
    {
        ([{ IsRoot: true, Kind: LatentKind.Categorical } c,
          { Prior: StandardNormalPrior, Conditional: { Input: null, Map: null, Likelihood: GaussianLikelihood { FixedVariance: null, Covariance: Covariance.Diagonal } } given } z],
         { Selector: null, Map: MlpDecoder map } decoder)
            when given.Selector == c && decoder.Input == z => new(c, z, map),
        _ => null,
    };
}
