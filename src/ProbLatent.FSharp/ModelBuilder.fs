namespace ProbLatent.FSharp

open ProbLatent

/// The computation expression `model "name" { ... }`: the same description as the pipelines, as a block.
///
///     let mixture =
///         model "old-faithful" {
///             latent "z" (Prior.categorical 2)
///             decoder (Decoder.perComponent (Likelihood.gaussian Full))
///             observe "x" 2
///             prior "weights" (ParameterPrior.dirichlet 1.0)
///         }
type ModelBuilder(name: string) =
    member _.Yield(_: unit) = Modeling.Model.Define name

    [<CustomOperation("latent")>]
    member _.Latent(model: Modeling.Model, latentName: string, prior: Modeling.Prior) = model.Latent(latentName, prior)

    [<CustomOperation("decoder")>]
    member _.Decoder(model: Modeling.Model, decoder: Modeling.Decoder) = model.Decoder decoder

    [<CustomOperation("energy")>]
    member _.Energy(model: Modeling.Model, energy: Modeling.Energy) = model.Energy energy

    [<CustomOperation("observe")>]
    member _.Observe(model: Modeling.Model, observedName: string, dimension: int) = model.Observe(observedName, dimension)

    [<CustomOperation("guide")>]
    member _.Guide(model: Modeling.Model, encoder: Modeling.Encoder) = model.Guide encoder

    [<CustomOperation("prior")>]
    member _.Prior(model: Modeling.Model, parameter: string, prior: Modeling.ParameterPrior) = model.Prior(parameter, prior)

[<AutoOpen>]
module ModelExpression =
    /// Starts a model description block: `model "name" { latent ...; decoder ...; observe ... }`.
    let model name = ModelBuilder name
