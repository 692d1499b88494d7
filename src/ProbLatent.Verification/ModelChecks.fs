namespace ProbLatent.Verification

open System
open System.Runtime.InteropServices
open FsCheck
open FsCheck.FSharp
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.LatentModels
open ProbLatent.Modeling

/// Property checks of a model over generated data, for a test project: each runs its law over CheckSettings.Cases
/// cases (FsCheck drives the generation) and throws ModelCheckFailedException with the law's numbers, the
/// counterexample and the seed that reproduces it when a case breaks the law.
///
/// A model description is fitted in every case, with the backend given or by default EM (exact inference at random
/// parameters for boolean latents, a short reparameterized run for a VAE), and the laws are checked at the fitted
/// parameters θ: at the backend's q, the exact posterior and arbitrary q of the posterior's form. Given parameters
/// (an ILatentModel, such as one you implemented) are checked as they are. Data comes from a Func<Random, DataMatrix>
/// called with a seeded generator: your own, or one of DataGenerators (from parameters, random parameters, an FsCheck Gen).
type ModelChecks private () =
    static let settingsOr (settings: CheckSettings | null) =
        match settings with
        | null -> CheckSettings()
        | s -> s

    /// What a VAE's user can check instead of a law that needs log p(x) and p(z|x) in closed form.
    static let boundOnDescription = "check ElboBelowLogLikelihood on its model description instead"

    /// Refuses a variational autoencoder (`neural`: a decoder is a network), saying what to check instead.
    static let exactOnly (check: string) (neural: bool) (what: string) (instead: string) =
        if neural then
            raise (ArgumentException($"ModelChecks.{check}: {what} is a variational autoencoder, whose log p(x) and posterior p(z|x) have no closed form; {instead}"))

    /// Runs a law on fits of a model description; `needsExact` for the laws that need log p(x) and p(z|x) in closed form.
    static let described (check: string) (needsExact: bool) law (model: Model) (backend: IBackend | null) (byDefault: Model -> int -> IBackend) (data: Func<Random, DataMatrix>) settings =
        ArgumentNullException.ThrowIfNull model
        if needsExact then exactOnly check (CaseLaws.hasNeuralDecoder model) $"model '{model.Name}'" boundOnDescription
        let settings = settingsOr settings
        let backendFor =
            match backend with
            | null -> byDefault model
            | b -> fun _ -> b
        let first = backendFor 0
        model.Compile first |> ignore // a backend that refuses the model says so now, not in every case
        ArgumentNullException.ThrowIfNull data
        CheckRunner.run check $"model '{model.Name}' with backend {first.Name}" settings (DataCase.Describe data) (fun seed ->
            let case = DataCase.Of data seed
            law settings (CaseLaws.fit model backendFor case) case)

    /// Runs a law under given parameters, which must have log p(x) and p(z|x) in closed form (`instead`: what to check
    /// for a VAE).
    static let given (check: string) (instead: string) law (parameters: ILatentModel) (data: Func<Random, DataMatrix>) settings =
        ArgumentNullException.ThrowIfNull parameters
        exactOnly check (not (CaseLaws.hasExactLogLikelihood parameters)) $"{parameters}" instead
        let settings = settingsOr settings
        let subject: CaseLaws.Subject = { Parameters = parameters; Fit = None }
        ArgumentNullException.ThrowIfNull data
        CheckRunner.run check $"parameters {parameters}" settings (DataCase.Describe data) (fun seed -> law settings subject (DataCase.Of data seed))

    static let emBackend (_: Model) (seed: int) : IBackend = Inference.Em(restarts = 1, seed = seed, maxIterations = 50, tolerance = -1.0)
    static let vmpBackend (_: Model) (seed: int) : IBackend = Inference.Vmp(restarts = 1, seed = seed, maxIterations = 30, tolerance = -1.0)

    /// ELBO(q) ≤ log p(x): the fit's reported ELBO against its log-likelihood (within 5 standard errors when the
    /// log-likelihood is importance-sampled), and at the fitted parameters for the backend's q, the exact posterior and
    /// arbitrary q.
    static member ElboBelowLogLikelihood
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: IBackend | null)>] backend: IBackend | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        described "ElboBelowLogLikelihood" false CaseLaws.elboBelowLogLikelihood model backend CaseLaws.defaultBackend data settings

    /// ELBO(q) ≤ log p(x) under the given parameters, for the exact posterior and arbitrary q.
    static member ElboBelowLogLikelihood
        (parameters: ILatentModel, data: Func<Random, DataMatrix>, [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        given "ElboBelowLogLikelihood" "pass its model description instead, whose fit's ELBO is checked against the importance-sampled log p(x)" CaseLaws.elboBelowLogLikelihood parameters data settings

    /// ELBO(p(z|x)) = log p(x) at the fitted parameters: the bound is tight at the exact posterior.
    static member ElboEqualsLogLikelihoodAtExactPosterior
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: IBackend | null)>] backend: IBackend | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        described "ElboEqualsLogLikelihoodAtExactPosterior" true CaseLaws.elboEqualsLogLikelihoodAtExactPosterior model backend CaseLaws.defaultBackend data settings

    /// ELBO(p(z|x)) = log p(x) under the given parameters.
    static member ElboEqualsLogLikelihoodAtExactPosterior
        (parameters: ILatentModel, data: Func<Random, DataMatrix>, [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        given "ElboEqualsLogLikelihoodAtExactPosterior" boundOnDescription CaseLaws.elboEqualsLogLikelihoodAtExactPosterior parameters data settings

    /// log p(x) − ELBO(q) = KL(q ‖ p(z|x)) at the fitted parameters, for the backend's q (and the gap the fit reports,
    /// for a point estimate) and arbitrary q. Computable wherever log p(x) and p(z|x) are exact: not for a VAE.
    static member GapEqualsKl
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: IBackend | null)>] backend: IBackend | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        described "GapEqualsKl" true CaseLaws.gapEqualsKl model backend CaseLaws.defaultBackend data settings

    /// log p(x) − ELBO(q) = KL(q ‖ p(z|x)) under the given parameters, for arbitrary q.
    static member GapEqualsKl
        (parameters: ILatentModel, data: Func<Random, DataMatrix>, [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        given "GapEqualsKl" boundOnDescription CaseLaws.gapEqualsKl parameters data settings

    /// EM's objective (log-likelihood plus the regulariser's log-prior) never decreases: every step of the trace is
    /// finite and at least the one before. By default one restart of exactly 50 iterations, seeded per case.
    static member EmNeverDecreases
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: IBackend | null)>] backend: IBackend | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        described "EmNeverDecreases" false CaseLaws.traceNonDecreasing model backend emBackend data settings

    /// VMP's ELBO never decreases: every sweep's is finite and at least the one before. By default one restart of
    /// exactly 30 sweeps with the default priors, seeded per case.
    static member VmpNeverDecreases
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: IBackend | null)>] backend: IBackend | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        described "VmpNeverDecreases" false CaseLaws.traceNonDecreasing model backend vmpBackend data settings

    /// VMP's reported ELBO and each of its terms (E[log p(x | z, θ)], E[log p(z, θ)], H[q(z, θ)]) lie within five
    /// standard errors of MonteCarloElbo's estimate from 600 draws of the fitted q(θ) and q(z), under the priors
    /// VmpPriorSet rebuilds from the model's stated priors and `priors` (VmpOptions.Priors; null: the defaults). One
    /// restart of exactly 30 sweeps, seeded per case, with those priors.
    static member VmpElboMatchesMonteCarlo
        (model: Model, data: Func<Random, DataMatrix>,
         [<Optional; DefaultParameterValue(null: ProbLatent.Backends.Vmp.VmpPriors | null)>] priors: ProbLatent.Backends.Vmp.VmpPriors | null,
         [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        let backend (_: Model) (seed: int) : IBackend = Inference.Vmp(restarts = 1, seed = seed, maxIterations = 30, tolerance = -1.0, priors = priors)
        described "VmpElboMatchesMonteCarlo" false (CaseLaws.elboMatchesMonteCarlo model priors) model null backend data settings

    /// KL(p ‖ q) ≥ 0 by the closed form KullbackLeibler has for the pair (one you registered, say), and KL(p ‖ p′) = 0
    /// for p′ drawn again from the same seed where p's type has a closed form with itself. p and then q are drawn from
    /// one seeded generator per case.
    static member KlNonNegative
        (p: Func<Random, IDistribution>, q: Func<Random, IDistribution>, [<Optional; DefaultParameterValue(null: CheckSettings | null)>] settings: CheckSettings | null) =
        ArgumentNullException.ThrowIfNull p
        ArgumentNullException.ThrowIfNull q
        let settings = settingsOr settings
        let draw seed =
            let r = Random seed
            let first = p.Invoke r
            first, q.Invoke r
        let describe seed =
            try
                let p, q = draw seed
                $"case seed {seed}: p = {p}, q = {q}"
            with e ->
                $"case seed {seed}, whose generators raised {e.GetType().Name}"
        CheckRunner.run "KlNonNegative" "the distributions generated" settings describe (fun seed ->
            let p, q = draw seed
            // An equal p drawn again from the same seed, not the same instance: a KL that shortcuts on identity fails.
            let itself =
                if KullbackLeibler.HasClosedForm(p.GetType(), p.GetType()) then [ Laws.klOfEqualIsZero settings.Tolerance p (fst (draw seed)) ] else []
            Verdict.All(Laws.klNonNegative settings.Tolerance p q :: itself))
