namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a mixture of common factor analysers: a root categorical selector c, a Gaussian latent z given
/// c through a per-component Gaussian (z | c ~ N(ξ_c, Ω_c), Ω_c full or diagonal), and the observed variable read from z
/// alone by one linear-Gaussian decoder (x | z ~ N(A z + μ, Ψ), Ψ diagonal or isotropic). Backends that compile the shape
/// read its parts from here.
/// </summary>
public sealed record CommonFactorMixtureShape(LatentNode Selector, LatentNode Factors, Covariance LatentCovariance, bool Isotropic)
{
    public int Components => Selector.States!.Value;
    public int LatentDimension => Factors.Dimension;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static CommonFactorMixtureShape? Of(ModelGraph graph) => Of(graph.Latents, graph.Observation.Decoder);

    internal static CommonFactorMixtureShape? Of(IReadOnlyList<LatentNode> latents, DecoderNode decoder) => (latents, decoder) switch
    {
        ([{ IsRoot: true, Kind: LatentKind.Categorical } c,
          { Prior: StandardNormalPrior, Conditional: { Input: null, Likelihood: GaussianLikelihood { FixedVariance: null, Covariance: Covariance.Full or Covariance.Diagonal } omega } given } z],
         { Selector: null, Map: LinearDecoder, Likelihood: GaussianLikelihood { FixedVariance: null, Covariance: Covariance.Diagonal or Covariance.Isotropic } noise })
            when given.Selector == c && decoder.Input == z => new(c, z, omega.Covariance, noise.Covariance == Covariance.Isotropic),
        _ => null,
    };
}
