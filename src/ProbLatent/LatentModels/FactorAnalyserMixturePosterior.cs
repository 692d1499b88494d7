using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over the parameters of a Bayesian mixture of factor analysers or of PPCA (Ghahramani and Beal 2000),
/// factorised as VMP infers it: q(π) = Dirichlet over the weights, and per component the posterior of a Bayesian
/// factor analyser or PPCA with ARD — q(wₖⱼ) Gaussian for each row of its loadings, q(μₖⱼ) Gaussian, q(τₖ) Gamma for
/// its noise precisions (one per dimension, or one for PPCA) and q(αₖᵢ) Gamma for the ARD precision of each of its factors.
/// </summary>
public sealed record FactorAnalyserMixturePosterior(Dirichlet Weights, IReadOnlyList<LinearGaussianPosterior> Components) : IParameterPosterior
{
    /// <summary>The mixture at E[π] and each component at its posterior means (<see cref="LinearGaussianPosterior.Mean"/>).</summary>
    public ILatentModel Mean() => new MixtureOfFactorAnalysers(Weights.Mean, Components.Select(c => (LinearGaussianModel)c.Mean()).ToArray());
}
