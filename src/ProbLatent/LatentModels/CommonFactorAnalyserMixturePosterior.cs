using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over the parameters of a Bayesian mixture of common factor analysers, factorised as VMP infers it: the
/// posterior of the Gaussian mixture over the factors z (q(π) Dirichlet, q(ξₖ) Gaussian, q(Λₖ) Wishart, where
/// z | c = k ~ N(ξₖ, Λₖ⁻¹)) and that of the one linear-Gaussian decoder x | z ~ N(A z + μ, Ψ) every component shares
/// (q(aⱼ) Gaussian per row of A, q(μⱼ) Gaussian, q(τ) Gamma, q(α) Gamma for the ARD precisions).
/// </summary>
public sealed record CommonFactorAnalyserMixturePosterior(GaussianMixturePosterior Factors, LinearGaussianPosterior Decoder) : IParameterPosterior
{
    /// <summary>
    /// The model at the posterior means: the factors' mixture at E[π], E[ξₖ], E[Λₖ]⁻¹ and the decoder at its means, as the
    /// mixture of factor analysers it is — component k's loadings A Lₖ (Ωₖ = Lₖ Lₖᵀ), its mean A ξₖ + μ, its noise Ψ.
    /// </summary>
    public ILatentModel Mean()
    {
        var factors = (GaussianMixture)Factors.Mean();
        var decoder = (LinearGaussianModel)Decoder.Mean();
        int k = factors.Components, q = factors.Dimension, d = decoder.Dimension;
        var a = decoder.Loadings;
        var components = new LinearGaussianModel[k];
        for (int c = 0; c < k; c++)
        {
            var lower = Cholesky.Factor(factors.Covariance(c).ToRowMajorArray(), q, $"latent covariance of component {c}").Lower;
            var loadings = new double[d * q];
            var mean = new double[d];
            var xi = factors.Mean(c);
            for (int j = 0; j < d; j++)
            {
                mean[j] = decoder.Mean[j];
                for (int i = 0; i < q; i++)
                {
                    mean[j] += a[j, i] * xi[i];
                    for (int l = i; l < q; l++) loadings[j * q + i] += a[j, l] * lower[l * q + i];
                }
            }
            components[c] = new LinearGaussianModel(loadings, mean, decoder.NoiseVariances.ToArray(), q, decoder.IsIsotropic);
        }
        return new MixtureOfFactorAnalysers(factors.Weights.ToArray(), components);
    }
}
