namespace ProbLatent.FSharp

open ProbLatent

/// Undirected energies that join the observed units with a layer of boolean latents, in a decoder's place:
/// `Model.define "rbm" |> Model.latent "h" (Prior.bernoulli 500) |> Model.energy Energy.bilinear |> Model.observe "x" 784`.
[<RequireQualifiedAccess>]
module Energy =
    /// −E(x, h) = xᵀW h + bᵀx + cᵀh over binary x and h: a restricted Boltzmann machine, trained by `Backend.contrastive`.
    let bilinear: Modeling.Energy = Modeling.Energy.Bilinear()
