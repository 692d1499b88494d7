namespace ProbLatent.FSharp

open ProbLatent

/// An amortized guide q(z | x): a network from a data point to a diagonal Gaussian over the latent variable.
[<RequireQualifiedAccess>]
module Encoder =
    /// x → hidden layers of the given widths (tanh between them) → mean and log-variance heads.
    let mlp (hidden: int list) : Modeling.Encoder = Modeling.Encoder.Mlp(Array.ofList hidden)

    /// Mean and log-variance linear in x (enough for a linear decoder).
    let linear: Modeling.Encoder = Modeling.Encoder.Linear()

    /// The nonlinearity between the encoder network's hidden layers.
    let activation (activation: Activation) (encoder: Modeling.Encoder) = encoder.WithActivation(activation.ToModeling())
