using ProbLatent.Distributions;
using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over a Bayesian Gaussian mixture's parameters: q(π) = Dirichlet, q(μₖ) = Gaussian,
/// q(Λₖ) = Wishart (full covariance) — factorised, as VMP (and Infer.NET) infers them.
/// </summary>
public sealed record GaussianMixturePosterior(Dirichlet Weights, IReadOnlyList<MultivariateGaussian> Means, IReadOnlyList<Wishart> Precisions)
    : IParameterPosterior
{
    /// <summary>The mixture at E[π], E[μₖ] and covariances E[Λₖ]⁻¹.</summary>
    public ILatentModel Mean()
    {
        int k = Means.Count, d = Means[0].Dimension;
        var means = Means.SelectMany(m => m.Mean).ToArray();
        var covariances = Precisions.SelectMany(w => w.Mean.Inverse().ToRowMajorArray()).ToArray();
        return new GaussianMixture(Weights.Mean, means, covariances, d, Covariance.Full);
    }
}
