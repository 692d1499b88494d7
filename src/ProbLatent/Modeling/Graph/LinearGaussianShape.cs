namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a linear-Gaussian latent model: the model's one latent, a root standard normal z, read by a
/// linear decoder with Gaussian noise, x | z ~ N(W z + μ, Ψ): probabilistic PCA when Ψ = σ²I, factor analysis when Ψ is
/// diagonal. Backends that compile the shape read its parts from here.
/// </summary>
public sealed record LinearGaussianShape(LatentNode Input, bool Isotropic)
{
    public int LatentDimension => Input.Dimension;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static LinearGaussianShape? Of(ModelGraph graph) => (graph.Latents, graph.Observation.Decoder) switch
    {
        ([{ IsRoot: true, Prior: StandardNormalPrior } z],
         { Selector: null, Map: LinearDecoder, Likelihood: GaussianLikelihood { Covariance: Covariance.Isotropic or Covariance.Diagonal } noise } decoder)
            when decoder.Input == z => new(z, noise.Covariance == Covariance.Isotropic),
        _ => null,
    };
}
