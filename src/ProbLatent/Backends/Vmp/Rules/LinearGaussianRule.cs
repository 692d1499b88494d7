using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Rules;

/// <summary>
/// A standard normal latent read by a linear decoder with Gaussian noise — a Gaussian plate, loadings with ARD, offsets
/// and Gamma noise precisions, one per dimension (factor analysis) or one shared (PPCA): Bayesian PCA and factor analysis.
/// </summary>
internal sealed class LinearGaussianRule : VmpRule
{
    public override bool Accepts(ModelGraph graph) => Input(graph) is not null;

    static LatentNode? Input(ModelGraph graph) => graph.Observation.Decoder switch
    {
        { Input: { IsRoot: true, Prior: StandardNormalPrior } z, Selector: null, Map: LinearDecoder,
          Likelihood: GaussianLikelihood { Covariance: Covariance.Diagonal or Covariance.Isotropic } } when graph.Latents.Count == 1 => z,
        _ => null,
    };

    public override Func<DataMatrix, Random, VmpModel> Compile(VmpCompilation compilation)
    {
        var z = Input(compilation.Graph)!;
        compilation.CheckLatentDimension(z);
        int q = z.Dimension;
        bool isotropic = compilation.Graph.Observation.Decoder.Likelihood is GaussianLikelihood { Covariance: Covariance.Isotropic };
        var priors = compilation.Priors;
        return (data, random) => LinearGaussianVmp.Build(data, q, isotropic, priors, random);
    }
}
