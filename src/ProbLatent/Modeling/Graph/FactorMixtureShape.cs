namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a mixture of factor analysers or of PPCA: a root categorical selector and a root standard
/// normal input, both read by the observed variable's per-component linear-Gaussian decoder and by nothing else.
/// Backends that compile the shape read its parts from here.
/// </summary>
public sealed record FactorMixtureShape(LatentNode Selector, LatentNode Input, bool Isotropic)
{
    public int Components => Selector.States!.Value;
    public int LatentDimension => Input.Dimension;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static FactorMixtureShape? Of(ModelGraph graph) => Of(graph.Latents, graph.Observation.Decoder);

    internal static FactorMixtureShape? Of(IReadOnlyList<LatentNode> latents, DecoderNode decoder) => decoder switch
    {
        { Selector: { IsRoot: true, Kind: LatentKind.Categorical } c, Input: { IsRoot: true, Prior: StandardNormalPrior } h, Map: LinearDecoder,
          Likelihood: GaussianLikelihood { FixedVariance: null, Covariance: Covariance.Diagonal or Covariance.Isotropic } g } when latents.Count == 2 =>
            new(c, h, g.Covariance == Covariance.Isotropic),
        _ => null,
    };
}
