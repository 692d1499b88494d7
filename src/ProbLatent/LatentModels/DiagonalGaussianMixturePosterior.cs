using ProbLatent.Distributions;
using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over a Bayesian diagonal-covariance Gaussian mixture's parameters, factorised as VMP infers it:
/// q(π) = Dirichlet, and for component k and dimension j, q(μₖⱼ) = Gaussian and q(λₖⱼ) = Gamma (a precision).
/// </summary>
/// <param name="Means">Means[k][j] = q(μₖⱼ).</param>
/// <param name="Precisions">Precisions[k][j] = q(λₖⱼ).</param>
public sealed record DiagonalGaussianMixturePosterior(
    Dirichlet Weights, IReadOnlyList<IReadOnlyList<Gaussian>> Means, IReadOnlyList<IReadOnlyList<Gamma>> Precisions)
    : IParameterPosterior
{
    /// <summary>The mixture at E[π], E[μₖⱼ] and variances 1/E[λₖⱼ].</summary>
    public ILatentModel Mean()
    {
        int d = Means[0].Count;
        var means = Means.SelectMany(m => m.Select(g => g.Mean)).ToArray();
        var variances = Precisions.SelectMany(p => p.Select(g => 1 / g.Mean)).ToArray();
        return new GaussianMixture(Weights.Mean, means, variances, d, Covariance.Diagonal);
    }
}
