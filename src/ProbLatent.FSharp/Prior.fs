namespace ProbLatent.FSharp

open ProbLatent

/// The prior of the latent variable; its parameters are learned by the fit.
[<RequireQualifiedAccess>]
module Prior =
    /// z ∈ {0..K−1}, one per data point, with learned mixing weights.
    let categorical components : Modeling.Prior = Modeling.Prior.Categorical components

    /// z ~ N(0, I) of the given dimension.
    let standardNormal dimension : Modeling.Prior = Modeling.Prior.StandardNormal dimension

    /// z ∈ {0,1}ⁿ with independent Bernoulli priors whose probabilities are learned.
    let bernoulli dimension : Modeling.Prior = Modeling.Prior.Bernoulli dimension

    /// A Markov chain over the states of a categorical latent, one state per time step of each sequence (π and A learned):
    /// `Prior.markovChain (Prior.categorical 2)` with a per-component emission is a hidden Markov model.
    let markovChain (states: Modeling.Prior) : Modeling.Prior = Modeling.Prior.MarkovChain states

    /// z ~ Σ_c π_c N(μ_c, diag σ²_c), learned with the rest of a variational autoencoder.
    let mixtureOfGaussians components dimension : Modeling.Prior = Modeling.Prior.MixtureOfGaussians(components, dimension)

    /// The latent depends on the earlier latent `parent` through the decoder, whose likelihood is the latent's
    /// distribution: `Prior.bernoulli 5 |> Prior.given "h2" (Decoder.linear Likelihood.bernoulli)`.
    let given (parent: string) (decoder: Modeling.Decoder) (prior: Modeling.Prior) = prior.Given(parent, decoder)

    /// The latent is joined with the earlier latent `parent` by an undirected energy, a deep belief net's top pair:
    /// `Prior.bernoulli 100 |> Prior.joined "h2" Energy.bilinear`, the layers below it given through `Decoder.linear Likelihood.bernoulli`.
    let joined (parent: string) (energy: Modeling.Energy) (prior: Modeling.Prior) = prior.Given(parent, energy)
