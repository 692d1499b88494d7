namespace ProbLatent.FSharp

open ProbLatent

/// How latents set a likelihood's parameters: p(x | z) for the observed variable, p(h | parent) for a latent given another.
[<RequireQualifiedAccess>]
module Decoder =
    /// Each value of a categorical latent selects its own likelihood parameters (a mixture).
    let perComponent (likelihood: Modeling.Likelihood) : Modeling.Decoder = Modeling.Decoder.PerComponent likelihood

    /// Each value of a categorical latent selects its own parameters of the inner decoder:
    /// `Decoder.perComponentOf (Decoder.linear (Likelihood.gaussian Diagonal))` is a mixture of factor analysers.
    let perComponentOf (inner: Modeling.Decoder) : Modeling.Decoder = Modeling.Decoder.PerComponent inner

    /// x = W z + μ + noise (PPCA, factor analysis), or logits W z + b (boolean latents).
    let linear likelihood : Modeling.Decoder = Modeling.Decoder.Linear likelihood

    /// A neural network z → hidden layers of the given widths (tanh between them) → the likelihood's parameters:
    /// a variational autoencoder's decoder. `Decoder.mlp [200; 200] Likelihood.bernoulli |> Decoder.activation Relu`.
    let mlp (hidden: int list) (likelihood: Modeling.Likelihood) : Modeling.MlpDecoder =
        Modeling.Decoder.Mlp(Array.ofList hidden).WithLikelihood likelihood

    /// The nonlinearity between the decoder network's hidden layers.
    let activation (activation: Activation) (decoder: Modeling.MlpDecoder) = decoder.WithActivation(activation.ToModeling())

    /// Names the latent a linear or neural decoder (or the inner decoder of a per-component one) reads, where several could be its input.
    let from (latent: string) (decoder: Modeling.Decoder) : Modeling.Decoder =
        match decoder with
        | :? Modeling.LinearDecoder as d -> d.From latent
        | :? Modeling.MlpDecoder as d -> d.From latent
        | :? Modeling.PerComponentDecoder as d -> d.From latent
        | d -> raise (ModelDefinitionException($"Decoder.from \"{latent}\": {d} reads no latent"))

    /// Names the categorical latent that selects a per-component decoder's parameters, where the model has several.
    let selectedBy (latent: string) (decoder: Modeling.Decoder) : Modeling.Decoder =
        match decoder with
        | :? Modeling.PerComponentDecoder as d -> d.SelectedBy latent
        | d -> raise (ModelDefinitionException($"Decoder.selectedBy \"{latent}\": {d} is not per-component, so no latent selects its parameters"))
