/// VMP never decreases its ELBO. Every update sets one factor of q to the exponential-family member whose natural
/// parameters are the sum of its incoming messages, which is the exact maximiser of the ELBO over that factor with
/// the others fixed (Winn and Bishop 2005), so a sweep is coordinate ascent. Checked for the three Bayesian mixtures
/// on random models and data drawn from them: the trace never goes down and every reported number is finite.
module ProbLatent.Properties.VmpMixtureProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// One restart of a fixed number of sweeps (a negative tolerance never stops early): a trace of the start and 25 sweeps.
let fitVmp (model: Model) (data: DataMatrix) seed =
    model.Compile(Inference.Vmp(restarts = 1, seed = seed, maxIterations = 25, tolerance = -1.0)).Fit(data)

let vmpProperty (model: Model) (data: DataMatrix) seed =
    ofFit (fun () -> fitVmp model data seed) (fun fit ->
        let terms = fit.Elbo
        let finite =
            Seq.forall Double.IsFinite fit.Trace
            && Double.IsFinite fit.LogLikelihood
            && Double.IsFinite fit.Elbo.Value
            && Double.IsFinite terms.ExpectedLogLikelihood
            && Double.IsFinite terms.ExpectedLogPrior
            && Double.IsFinite terms.Entropy
        (fit.Trace.Count = 26 && (Laws.nonDecreasing 1e-9 fit.Trace).Holds && finite)
        |> Prop.label (sprintf "trace=%A elbo=%.12g logLik=%.12g" (Seq.toList fit.Trace) fit.Elbo.Value fit.LogLikelihood))

let gaussianMixtureProperty covariance =
    Prop.forAll (caseOf 60 3 1 4) (fun c ->
        let r = Random c.Seed
        let truth = gaussianMixture r c.Latent c.Dimension covariance
        let data = dataFrom truth (max c.Count c.Latent) r
        vmpProperty (mixtureModel c.Latent c.Dimension (Likelihood.Gaussian covariance)) data c.Seed)

[<CaseProperty>]
let ``VMP on diagonal-covariance Gaussian mixtures never decreases the ELBO`` () = gaussianMixtureProperty Covariance.Diagonal

[<CaseProperty>]
let ``VMP on full-covariance Gaussian mixtures never decreases the ELBO`` () = gaussianMixtureProperty Covariance.Full

[<CaseProperty>]
let ``VMP on Bernoulli mixtures never decreases the ELBO`` () =
    Prop.forAll (caseOf 60 10 1 4) (fun c ->
        let r = Random c.Seed
        let truth = bernoulliMixture r c.Latent c.Dimension
        let data = dataFrom truth (max c.Count c.Latent) r
        vmpProperty (mixtureModel c.Latent c.Dimension (Likelihood.Bernoulli())) data c.Seed)
