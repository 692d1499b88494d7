namespace ProbLatent.FSharp

open ProbLatent

/// How the latent variable sets the likelihood's parameters, p(x | z).
[<RequireQualifiedAccess>]
module Decoder =
    /// Each value of a categorical latent selects its own likelihood parameters (a mixture).
    let perComponent likelihood : Modeling.Decoder = Modeling.Decoder.PerComponent likelihood

    /// x = W z + μ + noise (PPCA, factor analysis), or logits W z + b (boolean latents).
    let linear likelihood : Modeling.Decoder = Modeling.Decoder.Linear likelihood

    /// A neural network z → hidden layers of the given widths (tanh between them) → the likelihood's parameters:
    /// a variational autoencoder's decoder. `Decoder.mlp [200; 200] Likelihood.bernoulli |> Decoder.activation Relu`.
    let mlp (hidden: int list) (likelihood: Modeling.Likelihood) : Modeling.MlpDecoder =
        Modeling.Decoder.Mlp(Array.ofList hidden).WithLikelihood likelihood

    /// The nonlinearity between the decoder network's hidden layers.
    let activation (activation: Activation) (decoder: Modeling.MlpDecoder) = decoder.WithActivation(activation.ToModeling())
