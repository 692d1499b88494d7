/// Sigmoid belief nets of two or three layers of boolean latents: the ELBO bounds for an arbitrary q of the posterior's
/// form, and EM with exact enumeration never decreasing log p(x | θ) + log p(θ) — the Newton steps of its M step are
/// halved until the expected complete log-likelihood does not fall, which is all a generalized EM needs.
module ProbLatent.Properties.BeliefNetProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// Two or, a third of the time, three latent layers of 1 to 3 bits, top first.
let layers (r: Random) = List.init (if r.Next 3 = 0 then 3 else 2) (fun _ -> 1 + r.Next 3)

/// The description of a belief net with these layers (top first) over d pixels: h3 → h2 → h1 → x.
let definition (bits: int list) d = ComposedModels.toModel (ComposedModels.BeliefNet(bits, d))

[<CaseProperty>]
let ``Belief nets with an arbitrary q of the posterior's form: ELBO bounds`` () =
    Prop.forAll (caseOf 20 5 1 1) (fun c ->
        let r = Random c.Seed
        let bits = layers r
        let model = beliefNet r bits c.Dimension
        let data = dataFrom model c.Count r
        ElboProperties.bounds model data (RandomPosteriors.beliefNet r c.Count bits))

[<CaseProperty>]
let ``EM on belief nets never decreases log-likelihood plus log-prior`` () =
    Prop.forAll (caseOf 25 5 1 1) (fun c ->
        let r = Random c.Seed
        let bits = layers r
        let truth = beliefNet r bits c.Dimension
        let data = dataFrom truth c.Count r
        let regularization = [| 1e-6; 1e-2; 1.0 |][r.Next 3]
        let fit =
            (definition bits c.Dimension).Compile(Inference.Em(restarts = 1, seed = c.Seed, maxIterations = 12, tolerance = -1.0, regularization = regularization)).Fit(data)
        let exact = fit.Parameters.PointLogLikelihoods(data) |> Array.sum
        ((Laws.nonDecreasing 1e-10 fit.Trace).Holds
         && fit.Trace.Count = 13
         && Tolerance.close 1e-9 exact fit.LogLikelihood
         && (Laws.reportedElboBelowLogLikelihood 1e-9 0.0 fit.Elbo.Value fit.LogLikelihood).Holds)
        |> Prop.label (sprintf "layers=%A λ=%g trace=%A logLik=%.12g exact=%.12g elbo=%.12g" bits regularization (Seq.toList fit.Trace) fit.LogLikelihood exact fit.Elbo.Value))
