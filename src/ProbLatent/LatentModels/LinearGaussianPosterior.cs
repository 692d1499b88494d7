using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over the parameters of Bayesian PCA (with ARD) or Bayesian factor analysis, factorised as VMP
/// infers it: q(wⱼ) Gaussian for each row j of the d×q loadings W; q(μⱼ) Gaussian for each offset; q(τ) Gamma for
/// the noise precisions (one per data dimension for factor analysis, a single shared one for PPCA); q(αᵢ) Gamma for
/// the ARD precision of each latent dimension (a large E[αᵢ] means column i of W is switched off).
/// </summary>
public sealed record LinearGaussianPosterior(
    IReadOnlyList<MultivariateGaussian> Loadings,
    IReadOnlyList<Gaussian> Offsets,
    IReadOnlyList<Gamma> NoisePrecisions,
    IReadOnlyList<Gamma> ArdPrecisions,
    bool IsIsotropic) : IParameterPosterior
{
    /// <summary>The linear-Gaussian model at E[W], E[μ] and noise variances 1/E[τⱼ] (one shared value for PPCA).</summary>
    public ILatentModel Mean()
    {
        int d = Offsets.Count, q = ArdPrecisions.Count;
        var loadings = Loadings.SelectMany(w => w.Mean).ToArray();
        var offsets = Offsets.Select(m => m.Mean).ToArray();
        var noise = Enumerable.Range(0, d).Select(j => 1 / NoisePrecisions[IsIsotropic ? 0 : j].Mean).ToArray();
        return new LinearGaussianModel(loadings, offsets, noise, q, IsIsotropic);
    }
}
