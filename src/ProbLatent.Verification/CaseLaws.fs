/// The laws as ModelChecks applies them to one case: a fitted model description or given parameters, on the case's
/// data, at the backend's q, the exact posterior and arbitrary q of the posterior's form.
module internal ProbLatent.Verification.CaseLaws

open System
open ProbLatent
open ProbLatent.Backends
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Modeling.Graph

/// What a case checks: the parameters θ, and the fit that produced them when there was one.
type Subject =
    { Parameters: ILatentModel
      Fit: FitResult option }

/// Whether a decoder of the description is a neural network: its log p(x) and p(z | x) have no closed form.
let hasNeuralDecoder (model: Model) = model.Graph.Decoders |> Seq.exists (fun d -> d.Map :? MlpDecoder)

/// The backend a check uses when the user gives none, by the graph's parts: a short reparameterized run where a decoder
/// is neural, exact inference at random parameters where a latent is boolean (the check then ranges over the net's
/// parameters without enumerating its states in every EM iteration), and otherwise one EM run of up to 100 iterations.
let defaultBackend (model: Model) (seed: int) : IBackend =
    if hasNeuralDecoder model then Inference.Reparameterized(epochs = 5, seed = seed)
    elif model.Graph.Latents |> Seq.exists (fun l -> l.Kind = LatentKind.Boolean) then Inference.Exact(RandomModels.forModel model (Random seed))
    else Inference.Em(restarts = 1, seed = seed, maxIterations = 100)

/// Fits the case's data; the backend is made per case so that a default backend takes the case's seed.
let fit (model: Model) (backend: int -> IBackend) (case: DataCase) =
    let fit = model.Compile(backend case.Seed).Fit(case.Data)
    { Parameters = fit.Parameters; Fit = Some fit }

let private named name (v: Verdict) = { v with Detail = $"{name}: {v.Detail}" }

/// The exact posterior, and the q to check: the backend's (when there is a fit), then PosteriorsPerCase arbitrary q
/// of the exact posterior's form.
let private posteriors (settings: CheckSettings) (subject: Subject) (case: DataCase) =
    let exact = subject.Parameters.Posterior case.Data
    let r = case.Random()
    let own = subject.Fit |> Option.map (fun f -> "the backend's q", f.LatentPosterior) |> Option.toList
    let arbitrary =
        List.init settings.PosteriorsPerCase (fun i -> RandomPosteriors.like exact r |> Option.map (fun q -> $"arbitrary q #{i + 1}", q))
        |> List.choose id
    exact, own @ arbitrary

/// A fit's own numbers can be checked against each other only for a point estimate: a Bayesian fit's ELBO bounds
/// the evidence, not log p(x | θ) at the posterior means.
let private pointEstimate (subject: Subject) = subject.Fit |> Option.filter (fun f -> isNull f.ParameterPosterior)

let hasExactLogLikelihood (parameters: ILatentModel) = parameters.Family <> ModelFamily.VariationalAutoencoder

let elboBelowLogLikelihood (settings: CheckSettings) (subject: Subject) (case: DataCase) =
    let tolerance = settings.Tolerance
    let reported =
        pointEstimate subject
        |> Option.map (fun f ->
            let slack = if f.LogLikelihoodIsExact then 0.0 else 5.0 * f.LogLikelihoodStandardError
            Laws.reportedElboBelowLogLikelihood tolerance slack f.Elbo.Value f.LogLikelihood |> named "the fit's reported ELBO and log p(x)")
        |> Option.toList
    let atParameters =
        if not (hasExactLogLikelihood subject.Parameters) then []
        else
            let exact, qs = posteriors settings subject case
            // log p(x) once per case, not once per q.
            let logLikelihood = Laws.logLikelihood subject.Parameters case.Data
            [ for name, q in qs @ [ "the exact posterior", exact ] ->
                Laws.reportedElboBelowLogLikelihood tolerance 0.0 (subject.Parameters.Elbo(case.Data, q).Value) logLikelihood |> named name ]
    Verdict.All(reported @ atParameters)

let elboEqualsLogLikelihoodAtExactPosterior (settings: CheckSettings) (subject: Subject) (case: DataCase) =
    Laws.elboEqualsLogLikelihoodAtExactPosterior settings.Tolerance subject.Parameters case.Data

let gapEqualsKl (settings: CheckSettings) (subject: Subject) (case: DataCase) =
    let tolerance = settings.Tolerance
    let exact, qs = posteriors settings subject case
    let reported =
        pointEstimate subject
        |> Option.filter _.LogLikelihoodIsExact
        |> Option.map (fun f ->
            Laws.gapMatchesKl tolerance f.LogLikelihood f.Gap (f.LatentPosterior.KlDivergence exact)
            |> named "the fit's reported gap and its q")
        |> Option.toList
    // log p(x) and the exact posterior once per case, not once per q.
    let logLikelihood = Laws.logLikelihood subject.Parameters case.Data
    // The exact posterior too (a gap and a KL of 0), so that parameters of a posterior form with no arbitrary q, or
    // no q asked for, are still checked.
    let atParameters =
        [ for name, q in qs @ [ "the exact posterior", exact ] ->
            Laws.gapMatchesKl tolerance logLikelihood (logLikelihood - subject.Parameters.Elbo(case.Data, q).Value) (q.KlDivergence exact)
            |> named name ]
    Verdict.All(reported @ atParameters)

let traceNonDecreasing (settings: CheckSettings) (subject: Subject) (_: DataCase) =
    Laws.nonDecreasing settings.Tolerance subject.Fit.Value.Trace

/// How many draws of q(θ) and q(z) the Monte Carlo ELBO takes per case, and how far the reported terms may be from it:
/// five standard errors and an absolute slack for terms whose draws barely vary.
let monteCarloDraws, monteCarloSigmas, monteCarloSlack = 600, 5.0, 1e-6

let elboMatchesMonteCarlo (model: Model) (priors: ProbLatent.Backends.Vmp.VmpPriors | null) (_: CheckSettings) (subject: Subject) (case: DataCase) =
    let fit = subject.Fit.Value
    let estimate = MonteCarloElbo.estimate (VmpPriorSet.For(model, priors, case.Data)) fit case.Data monteCarloDraws (case.Random())
    MonteCarloElbo.agrees monteCarloSigmas monteCarloSlack fit.Elbo estimate
