namespace ProbLatent.Modeling;

/// <summary>
/// The classic latent-variable model a description amounts to. Backends compile by family; the family is
/// derived from the description's parts, never declared separately.
/// </summary>
public enum ModelFamily
{
    /// <summary>Categorical z, per-component Gaussian (full or diagonal covariance).</summary>
    GaussianMixture,
    /// <summary>Categorical z, per-component independent Bernoullis.</summary>
    BernoulliMixture,
    /// <summary>Gaussian z, x = W z + μ + ε with isotropic noise.</summary>
    ProbabilisticPca,
    /// <summary>Gaussian z, x = W z + μ + ε with diagonal noise.</summary>
    FactorAnalysis,
    /// <summary>Bernoulli z ∈ {0,1}^n, x ~ Bernoulli(σ(W z + b)).</summary>
    BooleanLatent,
    /// <summary>Gaussian z (standard normal or a learned mixture prior), a neural decoder: a variational autoencoder.</summary>
    VariationalAutoencoder,
}
