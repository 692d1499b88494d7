using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Rules;

/// <summary>
/// A categorical latent selecting the parameters of a per-component likelihood: the latent's part — a Discrete plate
/// under Dirichlet weights — with the likelihood's (<see cref="ComponentParameters"/>): per component a Gaussian's mean
/// and Wishart (full) or Gamma (diagonal) precisions, or Beta Bernoulli probabilities, read through one gate factor
/// (<see cref="MixtureVmp"/>). A start from a fitted mixture sets its q(z).
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
        // A part of its own for each likelihood's parameters, made anew for each factor graph (it holds its nodes).
        Func<ComponentParameters> parameters = graph.Observation.Decoder.Likelihood switch
        {
            GaussianLikelihood { Covariance: Covariance.Full } => () => new FullGaussianComponents(),
            GaussianLikelihood => () => new DiagonalGaussianComponents(),
            _ => () => new BernoulliComponents(),
        };
        // k-means++ measures distances in units of each column's spread for Gaussians, not for 0/1 data.
        bool gaussian = graph.Observation.Decoder.Likelihood is GaussianLikelihood;
        return (data, random) => MixtureVmp.Build(data, k, priors, compilation.Responsibilities(data, k, random, gaussian), parameters());
    }
}
