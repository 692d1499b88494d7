using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Rules;

/// <summary>
/// A categorical latent selecting the parameters of a per-component likelihood — a Discrete plate under Dirichlet
/// weights, and per component a Gaussian's mean and Wishart (full) or Gamma (diagonal) precisions, or Beta Bernoulli
/// probabilities, read through one gate factor. A start from a fitted mixture sets its q(z).
/// </summary>
internal sealed class PerComponentRule : VmpRule
{
    public override bool Accepts(ModelGraph graph) => Selector(graph) is not null;

    public override int? StartComponents(ModelGraph graph) => Selector(graph)?.States;

    /// <summary>The one root categorical latent a per-component Gaussian (full or diagonal) or Bernoulli likelihood reads.</summary>
    static LatentNode? Selector(ModelGraph graph) => graph.Observation.Decoder switch
    {
        { Selector: { IsRoot: true, Kind: LatentKind.Categorical } c, Input: null, Map: null,
          Likelihood: GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal } or BernoulliLikelihood } when graph.Latents.Count == 1 => c,
        _ => null,
    };

    public override Func<DataMatrix, Random, VmpModel> Compile(VmpCompilation compilation)
    {
        var graph = compilation.Graph;
        int k = Selector(graph)!.States!.Value;
        var priors = compilation.Priors;
        double[] Start(DataMatrix data, Random random, bool gaussian) => compilation.Responsibilities(data, k, random, gaussian);
        return graph.Observation.Decoder.Likelihood switch
        {
            GaussianLikelihood { Covariance: Covariance.Full } => (data, random) => GaussianMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: true)),
            GaussianLikelihood => (data, random) => DiagonalGaussianMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: true)),
            _ => (data, random) => BernoulliMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: false)),
        };
    }
}
