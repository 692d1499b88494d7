/// Variational message passing on Bayesian PCA (with ARD) and Bayesian factor analysis. Every update of the
/// schedule sets one factor of q to the exact maximiser of the ELBO with the others fixed (Winn and Bishop 2005),
/// so the ELBO trace can never go down; and every number the fit reports must be finite. Both are checked for
/// random models, data and priors, with the sweeps run to a fixed count so every step is compared.
module ProbLatent.Properties.VmpLinearGaussianProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Backends.Vmp
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// Every number of the parameter posterior and the fit.
let reportedNumbers (fit: FitResult) =
    let posterior =
        match fit.ParameterPosterior with
        | :? LinearGaussianPosterior as p -> p
        | other -> failwithf "expected a LinearGaussianPosterior, got %A" other
    seq {
        yield! fit.Trace
        yield fit.Elbo.ExpectedLogLikelihood
        yield fit.Elbo.ExpectedLogPrior
        yield fit.Elbo.Entropy
        yield fit.LogLikelihood
        for w in posterior.Loadings do
            yield! w.Mean
            yield! w.Covariance.ToRowMajorArray()
        for m in posterior.Offsets do
            yield m.Mean
            yield m.Variance
        for g in Seq.append posterior.NoisePrecisions posterior.ArdPrecisions do
            yield g.Shape
            yield g.Rate
    }

[<CaseProperty>]
let ``VMP on Bayesian PCA and factor analysis never decreases the ELBO and reports only finite numbers`` () =
    Prop.forAll (caseOf 40 5 1 5) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let q = min c.Latent (d - 1)
        let isotropic = r.NextDouble() < 0.5
        let truth = linearGaussian r d q isotropic
        let data = dataFrom truth (max c.Count (d + 2)) r
        let priors =
            if r.NextDouble() < 0.5 then VmpPriors()
            else VmpPriors(GammaShape = 1e-3, GammaRate = 1e-3, MeanPrecision = 1e-3)
        let covariance = if isotropic then Covariance.Isotropic else Covariance.Diagonal
        let fit =
            (linearModel q d covariance)
                .Compile(Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 60, tolerance = -1.0, priors = priors))
                .Fit(data)
        (fit.Trace.Count = 61 && (Laws.nonDecreasing 1e-9 fit.Trace).Holds && reportedNumbers fit |> Seq.forall Double.IsFinite)
        |> Prop.label (sprintf "d=%d q=%d N=%d isotropic=%b trace=%A" d q data.Rows isotropic (Seq.toList fit.Trace)))
