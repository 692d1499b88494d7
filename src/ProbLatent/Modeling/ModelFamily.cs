namespace ProbLatent.Modeling;

/// <summary>
/// The name of a classic latent-variable model a description amounts to, for files, tables and messages. It is derived
/// from the description's parts, never declared separately; backends read the parts (<see cref="Model.Graph"/>), and a
/// composition with no classic name has none.
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
    /// <summary>Categorical c and Gaussian h, x | c, h ~ N(W_c h + μ_c, Ψ_c) with diagonal Ψ_c (Ghahramani and Hinton 1996).</summary>
    MixtureOfFactorAnalysers,
    /// <summary>Categorical c and Gaussian h, x | c, h ~ N(W_c h + μ_c, σ_c² I) (Tipping and Bishop 1999).</summary>
    MixtureOfProbabilisticPca,
    /// <summary>
    /// Layers of boolean latents h_L → … → h₁, each given the one above through a sigmoid layer, and x ~ Bernoulli(σ(W h₁ + b)):
    /// not one of the six shapes a description is recognised as (its graph has several latents), but the family of a fitted
    /// belief net of two or more layers and of its saved file.
    /// </summary>
    SigmoidBeliefNet,
    /// <summary>
    /// Categorical c, Gaussian z | c ~ N(ξ_c, Ω_c) and x | z ~ N(A z + μ, Ψ) with one loading matrix A for every component: the
    /// mixture of common factor analysers (Baek, McLachlan and Flack 2010), a composition of a latent given an earlier one.
    /// </summary>
    MixtureOfCommonFactorAnalysers,
    /// <summary>
    /// Boolean visible x ∈ {0,1}ᵐ and hidden h ∈ {0,1}ⁿ under one undirected energy, p(x, h) ∝ exp(xᵀW h + bᵀx + cᵀh): the
    /// restricted Boltzmann machine, fitted by contrastive divergence.
    /// </summary>
    RestrictedBoltzmannMachine,
    /// <summary>
    /// A Markov chain z₁ ~ π, zₜ | zₜ₋₁ ~ A[zₜ₋₁] over the time steps of each sequence, each step's observation from the
    /// per-component emission its state selects (Gaussian, full or diagonal, Bernoulli or categorical): a hidden Markov model.
    /// </summary>
    HiddenMarkovModel,
    /// <summary>
    /// A deep belief net (Hinton, Osindero and Teh 2006): boolean layers h₁ … h_L above the data, the top two joined by an
    /// RBM's energy and each layer below generated from the one above through a sigmoid layer. Like the sigmoid belief net
    /// it is a composition the description is not recognised as, but the family of a fitted net and of its saved file.
    /// </summary>
    DeepBeliefNet,
    /// <summary>Categorical z, per-component categoricals over discrete symbols (each column independent given z): a mixture of categoricals (latent class analysis).</summary>
    CategoricalMixture,
}
