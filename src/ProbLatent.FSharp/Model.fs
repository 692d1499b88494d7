/// An F#-idiomatic front end over ProbLatent's model description: functions to pipe a model through,
/// and results as records. It builds exactly the same description as the C# fluent API.
///
///     let mixture =
///         Model.define "old-faithful"
///         |> Model.latent "z" (Prior.categorical 2)
///         |> Model.decoder (Decoder.perComponent (Likelihood.gaussian Full))
///         |> Model.observe "x" 2
///     let fit = mixture |> Model.fit (Backend.em 5 1) data
namespace ProbLatent.FSharp

open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.LatentModels

type Covariance =
    | Full
    | Diagonal
    | Isotropic

    member this.ToModeling() =
        match this with
        | Full -> Modeling.Covariance.Full
        | Diagonal -> Modeling.Covariance.Diagonal
        | Isotropic -> Modeling.Covariance.Isotropic

[<RequireQualifiedAccess>]
module Prior =
    let categorical components : Modeling.Prior = Modeling.Prior.Categorical components
    let standardNormal dimension : Modeling.Prior = Modeling.Prior.StandardNormal dimension
    let bernoulli dimension : Modeling.Prior = Modeling.Prior.Bernoulli dimension

[<RequireQualifiedAccess>]
module Likelihood =
    let gaussian (covariance: Covariance) : Modeling.Likelihood = Modeling.Likelihood.Gaussian(covariance.ToModeling())
    let bernoulli: Modeling.Likelihood = Modeling.Likelihood.Bernoulli()

[<RequireQualifiedAccess>]
module Decoder =
    let perComponent likelihood : Modeling.Decoder = Modeling.Decoder.PerComponent likelihood
    let linear likelihood : Modeling.Decoder = Modeling.Decoder.Linear likelihood

[<RequireQualifiedAccess>]
module Backend =
    let exact: IBackend = Inference.Exact()
    let exactAt (parameters: ILatentModel) : IBackend = Inference.Exact parameters
    let em restarts seed : IBackend = Inference.Em(restarts = restarts, seed = seed)
    let emWith (options: Em.EmOptions) : IBackend = Em.EmBackend options

/// What a fit reports, as an F# record.
type FitSummary =
    { Backend: string
      LogLikelihood: float
      LogLikelihoodPerPoint: float
      Elbo: float
      ExpectedLogLikelihood: float
      ExpectedLogPrior: float
      Entropy: float
      Gap: float
      Iterations: int
      Converged: bool
      Milliseconds: float }

    static member Of(fit: FitResult) =
        { Backend = fit.Backend
          LogLikelihood = fit.LogLikelihood
          LogLikelihoodPerPoint = fit.LogLikelihoodPerPoint
          Elbo = fit.Elbo.Value
          ExpectedLogLikelihood = fit.Elbo.ExpectedLogLikelihood
          ExpectedLogPrior = fit.Elbo.ExpectedLogPrior
          Entropy = fit.Elbo.Entropy
          Gap = fit.Gap
          Iterations = fit.Iterations
          Converged = fit.Converged
          Milliseconds = fit.WallTime.TotalMilliseconds }

[<RequireQualifiedAccess>]
module Model =
    let define name = Modeling.Model.Define name
    let latent name prior (model: Modeling.Model) = model.Latent(name, prior)
    let decoder decoder (model: Modeling.Model) = model.Decoder decoder
    let observe name dimension (model: Modeling.Model) = model.Observe(name, dimension)

    /// Compiles for a backend; a backend that cannot run the model gives Error with its reason.
    let tryCompile (backend: IBackend) (model: Modeling.Model) =
        try
            Ok(model.Compile backend)
        with :? BackendNotSupportedException as e ->
            Error e.Message

    let fit (backend: IBackend) (data: DataMatrix) (model: Modeling.Model) = model.Compile(backend).Fit data

    /// Fits with every backend that accepts the model; those that refuse are listed with their reasons.
    let compare (backends: IBackend list) (data: DataMatrix) (model: Modeling.Model) =
        backends
        |> List.map (fun backend ->
            match tryCompile backend model with
            | Ok compiled -> Ok(FitSummary.Of(compiled.Fit data))
            | Error reason -> Error(backend.Name, reason))
