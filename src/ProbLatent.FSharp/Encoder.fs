namespace ProbLatent.FSharp

open ProbLatent

/// An amortized guide q(z | x): a network from a data point to a diagonal Gaussian over the latent variable, or to a
/// point mass at the latent value (`pointMass`).
[<RequireQualifiedAccess>]
module Encoder =
    /// x → hidden layers of the given widths (tanh between them) → mean and log-variance heads.
    let mlp (hidden: int list) : Modeling.Encoder = Modeling.Encoder.Mlp(Array.ofList hidden)

    /// Mean and log-variance linear in x (enough for a linear decoder).
    let linear: Modeling.Encoder = Modeling.Encoder.Linear()

    /// The nonlinearity between the encoder network's hidden layers.
    let activation (activation: Activation) (encoder: Modeling.Encoder) = encoder.WithActivation(activation.ToModeling())

    /// The same network with one head, a point mass at z = f(x) (the plain autoencoder, trained on reconstruction alone).
    let pointMass (encoder: Modeling.Encoder) = encoder.PointMass()
