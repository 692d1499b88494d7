namespace ProbLatent.FSharp

open System
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data

/// Pipelines that build a model description and fit it. They build exactly the description the C# fluent API
/// builds (a property test checks it):
///
///     let mixture =
///         Model.define "old-faithful"
///         |> Model.latent "z" (Prior.categorical 2)
///         |> Model.decoder (Decoder.perComponent (Likelihood.gaussian Full))
///         |> Model.observe "x" 2
///     let fit = mixture |> Model.fit (Backend.em EmSettings.Default) (Dataset.oldFaithful ())
[<RequireQualifiedAccess>]
module Model =
    let define name = Modeling.Model.Define name

    let latent name (prior: Modeling.Prior) (model: Modeling.Model) = model.Latent(name, prior)

    let decoder (decoder: Modeling.Decoder) (model: Modeling.Model) = model.Decoder decoder

    /// Joins the observed variable with the latent by an undirected energy instead of a decoder (`Energy.bilinear`: an RBM).
    let energy (energy: Modeling.Energy) (model: Modeling.Model) = model.Energy energy

    let observe name dimension (model: Modeling.Model) = model.Observe(name, dimension)

    /// An amortized guide q(z | x) for the latent variable (a variational autoencoder's encoder).
    let guide (encoder: Modeling.Encoder) (model: Modeling.Model) = model.Guide encoder

    /// States a prior on a parameter of the model, by its name ("weights") or its owner's ("x.means").
    let prior (parameter: string) (prior: Modeling.ParameterPrior) (model: Modeling.Model) = model.Prior(parameter, prior)

    /// The structure a backend compiles: latents in topological order with their kinds, decoders with their wiring,
    /// parameters and the priors stated on them.
    let graph (model: Modeling.Model) = model.Graph

    /// Compiles for a backend; a backend that cannot run the model gives Error with its reason.
    let tryCompile (backend: IBackend) (model: Modeling.Model) =
        try
            Ok(model.Compile backend)
        with :? BackendNotSupportedException as e ->
            Error { Backend = backend.Name; Reason = e.Reason }

    /// Fits, calling `report` after each iteration (each epoch for the reparameterized backend).
    let fitWithProgress (report: FitProgress -> unit) (backend: IBackend) (data: DataMatrix) (model: Modeling.Model) =
        FitSummary.Of(model.Compile(backend).Fit(data, SynchronousProgress<FitProgress>(report)))

    /// Fits; a backend that cannot run the model raises BackendNotSupportedException with its reason.
    let fit (backend: IBackend) (data: DataMatrix) (model: Modeling.Model) = FitSummary.Of(model.Compile(backend).Fit data)

    /// Fits with every backend that accepts the model, in order; those that refuse it give Error with their reasons.
    let compare (backends: IBackend list) (data: DataMatrix) (model: Modeling.Model) =
        backends
        |> List.map (fun backend -> tryCompile backend model |> Result.map (fun compiled -> FitSummary.Of(compiled.Fit data)))
