namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over the parameters of a Bayesian mixture of common factor analysers, factorised as VMP infers it: the
/// posterior of the Gaussian mixture over the factors z (q(π) Dirichlet, q(ξₖ) Gaussian, q(Λₖ) Wishart, where
/// z | c = k ~ N(ξₖ, Λₖ⁻¹): a <see cref="GaussianMixturePosterior"/>, or with diagonal Λₖ a
/// <see cref="DiagonalGaussianMixturePosterior"/>) and that of the one linear-Gaussian decoder x | z ~ N(A z + μ, Ψ) every component shares
/// (q(aⱼ) Gaussian per row of A, q(μⱼ) Gaussian, q(τ) Gamma, q(α) Gamma for the ARD precisions).
/// </summary>
public sealed record CommonFactorAnalyserMixturePosterior(IParameterPosterior Factors, LinearGaussianPosterior Decoder) : IParameterPosterior
{
    /// <summary>The model at the posterior means: the factors' mixture at E[π], E[ξₖ], E[Λₖ]⁻¹ and the decoder at its means.</summary>
    public ILatentModel Mean()
    {
        var factors = (GaussianMixture)Factors.Mean();
        var decoder = (LinearGaussianModel)Decoder.Mean();
        int k = factors.Components;
        bool full = factors.CovarianceKind == Modeling.Covariance.Full;
        return new MixtureOfCommonFactorAnalysers(factors.Weights.ToArray(),
            Enumerable.Range(0, k).SelectMany(factors.Mean).ToArray(),
            Enumerable.Range(0, k).SelectMany(c => full ? factors.Covariance(c).ToRowMajorArray() : factors.Covariance(c).Diagonal().ToArray()).ToArray(),
            factors.CovarianceKind,
            decoder.Loadings.ToRowMajorArray(), decoder.Mean.ToArray(), decoder.NoiseVariances.ToArray(), decoder.IsIsotropic);
    }
}
