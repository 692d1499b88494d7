/// Models, backends and KL divergences broken on purpose, for the tests that the verification kit catches them.
module ProbLatent.Properties.BrokenOnPurpose

open ProbLatent.Backends
open ProbLatent.Distributions
open ProbLatent.LatentModels

/// Exact parameters whose ELBO is off by `by` nats for every q (an entropy term with a wrong constant, say).
type ShiftedElbo(inner: ILatentModel, by: float) =
    interface ILatentModel with
        member _.Family = inner.Family
        member _.DataDimension = inner.DataDimension
        member _.ParameterCount = inner.ParameterCount
        member _.PointLogLikelihoods data = inner.PointLogLikelihoods data
        member _.Posterior data = inner.Posterior data
        member _.Generate(count, random) = inner.Generate(count, random)
        member _.Elbo(data, q) =
            let terms = inner.Elbo(data, q)
            ElboTerms(terms.ExpectedLogLikelihood, terms.ExpectedLogPrior, terms.Entropy + by)

    override _.ToString() = $"ShiftedElbo({inner}, {by})"

/// A copy of a fit with some of what it reports replaced.
let reported (fit: FitResult) (parameters: ILatentModel) (elbo: ElboTerms) (trace: float seq) =
    FitResult(
        Backend = fit.Backend, Model = fit.Model, Parameters = parameters, ParameterPosterior = fit.ParameterPosterior,
        LatentPosterior = fit.LatentPosterior, DataCount = fit.DataCount, LogLikelihood = fit.LogLikelihood,
        LogLikelihoodSamples = fit.LogLikelihoodSamples, LogLikelihoodStandardError = fit.LogLikelihoodStandardError, ElboSamples = fit.ElboSamples,
        Trained = fit.Trained, Elbo = elbo, Trace = Array.ofSeq trace, Iterations = fit.Iterations, Unit = fit.Unit, Converged = fit.Converged,
        WallTime = fit.WallTime, SetupTime = fit.SetupTime)

/// A backend that runs `inner` and tampers with what its fit reports.
type Tampered(inner: IBackend, tamper: FitResult -> FitResult) =
    interface IBackend with
        member _.Name = $"{inner.Name}, tampered"
        member this.Compile model =
            let compiled = inner.Compile model
            { new CompiledModel(model, (this :> IBackend).Name) with
                member _.Fit(data, progress, cancellation) = tamper (compiled.Fit(data, progress, cancellation)) }

let inflatedElbo by (fit: FitResult) =
    reported fit fit.Parameters (ElboTerms(fit.Elbo.ExpectedLogLikelihood, fit.Elbo.ExpectedLogPrior, fit.Elbo.Entropy + by)) fit.Trace

let shiftedParameters by (fit: FitResult) = reported fit (ShiftedElbo(fit.Parameters, by)) fit.Elbo fit.Trace

/// The trace with its last step undone: the objective goes down once, by a nat.
let droppingTrace (fit: FitResult) = reported fit fit.Parameters fit.Elbo (Seq.append fit.Trace [ Seq.last fit.Trace - 1.0 ])

/// Two distributions whose registered KL is wrong: always −0.5.
type Lopsided(mean: float) =
    member _.Mean = mean
    interface IDistribution with
        member _.Entropy() = 0.0

    override _.ToString() = $"Lopsided({mean})"

    /// Registers the wrong KL (idempotent: a registration replaces the last).
    static member RegisterWrongKl() = KullbackLeibler.Register<Lopsided, Lopsided>(fun p q -> if p = q then 0.0 else -0.5)

    /// Registers a KL that is 0 for the same instance only, and positive between every two others, equal or not.
    static member RegisterIdentityKl() =
        KullbackLeibler.Register<Lopsided, Lopsided>(fun p q -> if obj.ReferenceEquals(p, q) then 0.0 else 0.25 + (p.Mean - q.Mean) ** 2.0)
