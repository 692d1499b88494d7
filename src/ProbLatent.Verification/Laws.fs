/// The laws every latent-variable model and every inference backend must obey, one case at a time. Each gives a
/// Verdict with the numbers behind it; ModelChecks runs them over many generated cases.
///
///   log p(x) = ELBO(q) + KL(q ‖ p(z|x)) for every q, and KL ≥ 0 with equality only at q = p(z|x); so
///   ELBO(q) ≤ log p(x), the gap log p(x) − ELBO(q) is KL(q ‖ p(z|x)), and ELBO(p(z|x)) = log p(x).
///   EM and VMP are coordinate ascent on their objectives, so their traces never go down.
module ProbLatent.Verification.Laws

open System
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.LatentModels

let private verdict holds detail = { Holds = holds; Detail = detail }

/// The relation as it turned out: `holds` if the law held, `broken` if not.
let private relation verdictHolds holds broken = if verdictHolds then holds else broken

/// log p(x | θ), summed over the rows: exact for every family but the variational autoencoder.
[<CompiledName("LogLikelihood")>]
let logLikelihood (model: ILatentModel) (data: DataMatrix) = model.PointLogLikelihoods data |> Array.sum

/// A reported ELBO is at most the reported log-likelihood (`slack` widens the bound, for an estimated log-likelihood).
[<CompiledName("ReportedElboBelowLogLikelihood")>]
let reportedElboBelowLogLikelihood tolerance slack (elbo: float) (logLikelihood: float) =
    let holds = Tolerance.atMost tolerance elbo (logLikelihood + slack)
    verdict holds
        (sprintf "ELBO %.12g %s log p(x) %.12g%s (log p(x) − ELBO = %.4g)" elbo (relation holds "≤" ">") logLikelihood
            (if slack > 0.0 then sprintf " + %.4g" slack else "") (logLikelihood - elbo))

/// ELBO_θ(q) ≤ log p(x | θ) for the q given.
[<CompiledName("ElboBelowLogLikelihood")>]
let elboBelowLogLikelihood tolerance (model: ILatentModel) (data: DataMatrix) (q: IPosterior) =
    reportedElboBelowLogLikelihood tolerance 0.0 (model.Elbo(data, q).Value) (logLikelihood model data)

/// ELBO_θ(p(z | x, θ)) = log p(x | θ): the bound is tight at the exact posterior.
[<CompiledName("ElboEqualsLogLikelihoodAtExactPosterior")>]
let elboEqualsLogLikelihoodAtExactPosterior tolerance (model: ILatentModel) (data: DataMatrix) =
    let elbo = model.Elbo(data, model.Posterior data).Value
    let logLikelihood = logLikelihood model data
    let holds = Tolerance.close tolerance elbo logLikelihood
    verdict holds
        (sprintf "ELBO at the exact posterior %.12g %s log p(x) %.12g (differ by %.4g)" elbo (relation holds "=" "≠") logLikelihood (elbo - logLikelihood))

/// A gap log p(x) − ELBO equals KL(q ‖ p(z|x)), all three already computed (the tolerance is relative to log p(x),
/// whose rounding the difference inherits).
[<CompiledName("GapMatchesKl")>]
let gapMatchesKl tolerance (logLikelihood: float) (gap: float) (kl: float) =
    let holds = abs (gap - kl) <= Tolerance.slack tolerance (max (abs logLikelihood) kl)
    verdict holds
        (sprintf "gap log p(x) − ELBO %.12g %s KL(q ‖ p(z|x)) %.12g (differ by %.4g; log p(x) %.12g)" gap (relation holds "=" "≠") kl (gap - kl) logLikelihood)

/// log p(x | θ) − ELBO_θ(q) = KL(q ‖ p(z | x, θ)) for the q given.
[<CompiledName("GapEqualsKl")>]
let gapEqualsKl tolerance (model: ILatentModel) (data: DataMatrix) (q: IPosterior) =
    let logLikelihood = logLikelihood model data
    gapMatchesKl tolerance logLikelihood (logLikelihood - model.Elbo(data, q).Value) (q.KlDivergence(model.Posterior data))

/// Every step of an objective's trace is finite and at least the one before, up to rounding.
[<CompiledName("NonDecreasing")>]
let nonDecreasing tolerance (trace: float seq) =
    let trace = Array.ofSeq trace
    let firstDrop = trace |> Array.pairwise |> Array.tryFindIndex (fun (a, b) -> not (Tolerance.atMost tolerance a b))
    let finite = trace.Length > 0 && Array.forall Double.IsFinite trace
    let shown = trace |> Array.map (sprintf "%.12g") |> String.concat ", "
    match firstDrop with
    | Some i ->
        verdict false (sprintf "step %d goes down from %.12g to %.12g (by %.4g); trace [%s]" (i + 1) trace[i] trace[i + 1] (trace[i] - trace[i + 1]) shown)
    | None -> verdict finite (sprintf "%s trace [%s]" (if finite then "a non-decreasing" else "a trace that is empty or not finite:") shown)

/// KL(p ‖ q) ≥ 0 (+∞ is allowed; NaN is not).
[<CompiledName("KlNonNegative")>]
let klNonNegative tolerance (p: IDistribution) (q: IDistribution) =
    let kl = KullbackLeibler.Divergence(p, q)
    let holds = kl >= -(Tolerance.slack tolerance 0.0)
    verdict holds (sprintf "KL(%O ‖ %O) = %.12g %s 0" p q kl (relation holds "≥" "<"))

/// KL(p ‖ p′) = 0 for p′ equal to p: a copy built anew, so that a divergence answering 0 for the same instance alone fails.
[<CompiledName("KlOfEqualIsZero")>]
let klOfEqualIsZero tolerance (p: IDistribution) (copy: IDistribution) =
    let kl = KullbackLeibler.Divergence(p, copy)
    let holds = abs kl <= Tolerance.slack tolerance 0.0
    verdict holds (sprintf "KL(%O ‖ an equal copy) = %.12g %s 0" p kl (relation holds "=" "≠"))
