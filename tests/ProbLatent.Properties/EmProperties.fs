/// EM never decreases the objective it climbs. Each M step maximises E_q[log p(x, z | θ)] + log p(θ) with q the
/// exact posterior at the current θ, so log p(x | θ) + log p(θ) cannot go down (Dempster, Laird and Rubin 1977).
/// With the regulariser the objective includes its fixed log-prior; with regularization 0 it is the
/// log-likelihood itself. Both are checked on random data from random models.
module ProbLatent.Properties.EmProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent.Data
open ProbLatent
open ProbLatent.Backends
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

let fitEmWith accelerate (model: Model) (data: DataMatrix) seed regularization =
    model.Compile(Inference.Em(restarts = 1, seed = seed, maxIterations = 40, tolerance = 0.0, regularization = regularization, accelerate = accelerate)).Fit(data)

let fitEm model data seed regularization = fitEmWith false model data seed regularization

/// The trace never goes down, the last entry is log p(x) + log p(θ) of the returned parameters, and the
/// reported ELBO is a lower bound on the reported log-likelihood.
let emPropertyWith accelerate (model: Model) (data: DataMatrix) seed regularization =
    ofFit (fun () -> fitEmWith accelerate model data seed regularization) (fun fit ->
        let exact = fit.Parameters.PointLogLikelihoods(data) |> Array.sum
        ((Laws.nonDecreasing 1e-10 fit.Trace).Holds
         && Tolerance.close 1e-9 exact fit.LogLikelihood
         && (Laws.reportedElboBelowLogLikelihood 1e-9 0.0 fit.Elbo.Value fit.LogLikelihood).Holds)
        |> Prop.label (sprintf "trace=%A logLik=%.12g exact=%.12g elbo=%.12g" (Seq.toList fit.Trace) fit.LogLikelihood exact fit.Elbo.Value))

let emProperty model data seed regularization = emPropertyWith false model data seed regularization

[<CaseProperty>]
let ``EM on Gaussian mixtures never decreases log-likelihood plus log-prior`` () =
    Prop.forAll (caseOf 60 3 1 3) (fun c ->
        let r = Random c.Seed
        let covariance = if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal
        let truth = gaussianMixture r c.Latent c.Dimension covariance
        let data = dataFrom truth (max c.Count (4 * c.Latent)) r
        emProperty (mixtureModel c.Latent c.Dimension (Likelihood.Gaussian covariance)) data c.Seed 1e-3)

[<CaseProperty>]
let ``EM on Bernoulli mixtures never decreases log-likelihood plus log-prior`` () =
    Prop.forAll (caseOf 60 8 1 3) (fun c ->
        let r = Random c.Seed
        let truth = bernoulliMixture r c.Latent c.Dimension
        let data = dataFrom truth (max c.Count c.Latent) r
        emProperty (mixtureModel c.Latent c.Dimension (Likelihood.Bernoulli())) data c.Seed 0.5)

/// A case's random PPCA or factor analysis over d = Dimension + 1 columns with q < d factors, and its model description.
let linearCase (c: Case) (r: Random) =
    let d = c.Dimension + 1
    let q = min c.Latent (d - 1)
    let isotropic = r.NextDouble() < 0.5
    linearGaussian r d q isotropic, linearModel q d (if isotropic then Covariance.Isotropic else Covariance.Diagonal)

[<CaseProperty>]
let ``EM on PPCA and factor analysis never decreases the log-likelihood`` () =
    Prop.forAll (caseOf 60 5 1 3) (fun c ->
        let r = Random c.Seed
        let truth, model = linearCase c r
        emProperty model (dataFrom truth (max c.Count (truth.Dimension + 2)) r) c.Seed 0.0)

/// The closed-form PPCA solution is the global maximum of the likelihood, so no EM run may end above it.
[<CaseProperty>]
let ``No PPCA EM fit exceeds the closed-form maximum likelihood`` () =
    Prop.forAll (caseOf 60 5 1 3) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let q = min c.Latent (d - 1)
        let data = dataFrom (linearGaussian r d q true) (max c.Count (d + 2)) r
        let model = linearModel q d Covariance.Isotropic
        let closedForm = model.Compile(Inference.Exact()).Fit(data).LogLikelihood
        let em = (fitEm model data c.Seed 0.0).LogLikelihood
        (em <= closedForm + 1e-9 * max 1.0 (abs closedForm))
        |> Prop.label (sprintf "EM %.12g > closed form %.12g" em closedForm))

/// Random priors stated in the model, each of the kinds EM takes as a MAP: the objective is then
/// log p(x | θ) + log p(θ) of the stated priors and the regulariser together, and still never decreases.
/// kind: 0 full Gaussian, 1 diagonal Gaussian, 2 Bernoulli.
let statedPriors (r: Random) (model: Model) k d kind =
    let pick () = r.NextDouble() < 0.7
    let mutable m = model
    if pick () then m <- m.Prior("weights", ParameterPrior.Dirichlet(Array.init k (fun _ -> 1.0 + 5.0 * r.NextDouble())))
    if kind = 2 then
        m <- m.Prior("probabilities", ParameterPrior.Beta(1.01 + 3.0 * r.NextDouble(), 1.01 + 3.0 * r.NextDouble()))
    else
        if pick () then m <- m.Prior("means", ParameterPrior.Gaussian(Array.init d (fun _ -> 2.0 * r.NextDouble() - 1.0), 0.01 + 2.0 * r.NextDouble()))
        if pick () then
            if kind = 0 then
                m <- m.Prior("precisions", ParameterPrior.Wishart(float (d + 1) / 2.0 + 3.0 * r.NextDouble(), 0.1 + 2.0 * r.NextDouble()))
            else m <- m.Prior("precisions", ParameterPrior.Gamma(1.0 + 3.0 * r.NextDouble(), 0.05 + 2.0 * r.NextDouble()))
    m

[<CaseProperty>]
let ``EM with random stated priors never decreases log-likelihood plus log-prior`` () =
    Prop.forAll (caseOf 40 3 1 3) (fun c ->
        let r = Random c.Seed
        let kind = r.Next 3
        let covariance = if kind = 0 then Covariance.Full else Covariance.Diagonal
        let likelihood: Likelihood = if kind = 2 then Likelihood.Bernoulli() else Likelihood.Gaussian covariance
        let truth, count =
            if kind = 2 then bernoulliMixture r c.Latent c.Dimension :> ILatentModel, max c.Count c.Latent
            else gaussianMixture r c.Latent c.Dimension covariance :> ILatentModel, max c.Count (4 * c.Latent)
        let data = dataFrom truth count r
        let model = statedPriors r (mixtureModel c.Latent c.Dimension likelihood) c.Latent c.Dimension kind
        emProperty model data c.Seed (if kind = 2 then 0.0 else 1e-3)
        |> Prop.label (string model))

[<Fact>]
let ``A property whose every fit stops at a collapsed component fails, for it checked its law on none of them`` () =
    let collapses () : FitResult = raise (FitDivergedException("em", 3, "component 2 collapsed: it holds one distinct point"))
    FitOutcomes.Begin 5
    let failure =
        Assert.ThrowsAny<exn>(fun () ->
            FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest 5, Prop.forAll (caseOf 5 1 1 1) (fun _ -> ofFit collapses (fun _ -> Prop.ofTestable true))))
    Assert.Contains("3 of the 3 cases so far stopped at a collapsed component, more than half of the property's 5, so the law can be checked on at most 2 fits", failure.Message)

/// The rule counts against the cases that the test's attribute runs, in outcomes begun for that test.
[<CaseProperty(CasesPercent = 300)>]
let ``A CaseProperty test counts its fits against the cases its attribute runs`` () =
    Prop.forAll (caseOf 1 1 1 1) (fun _ ->
        let outcomes = FitOutcomes.Current
        (outcomes.Cases = 3 * ProbLatent.Properties.Generators.caseCount && outcomes.Reached + outcomes.Collapsed = 0)
        |> Prop.label (sprintf "%d cases, %d fits counted" outcomes.Cases (outcomes.Reached + outcomes.Collapsed)))

/// How closely log p(x) of a linear-Gaussian model can be evaluated, relative: a backward-stable evaluation of the quadratic
/// form and log-determinant of C = W Wᵀ + Ψ is accurate to about ε·cond(C), and cond(C) ≤ tr(C) / min ψⱼ. Near a
/// Heywood case, where a noise variance sits at its floor, that is far above 1e-10 (a replayed case, three of five
/// variances at 1e-6 of the others', evaluated its maximum to ±5e-9 nats of −46.1 from step to step), and elsewhere 1e-10 holds.
let private evaluationTolerance (parameters: ProbLatent.LatentModels.ILatentModel) =
    let model = parameters :?> ProbLatent.LatentModels.LinearGaussianModel
    let trace = (model.Loadings.FrobeniusNorm() ** 2.0) + Seq.sum model.NoiseVariances
    max 1e-10 (100.0 * 2.220446049250313e-16 * trace / Seq.min model.NoiseVariances)

/// EM with SQUAREM steps (EmOptions.Accelerate) on PPCA and factor analysis: every step is checked against two EM steps'
/// likelihood, so the trace never goes down either, over random data, q and noise forms, Heywood cases included. Under the
/// default noise floor (λ = 1e-6 of each column's variance): with none, SQUAREM reaches a Heywood limit in a few steps where
/// a noise variance falls to 1e-15, and there log p(x) itself (rᵀΨ⁻¹r − uᵀM⁻¹u, terms of 1e14 cancelling) is known only to
/// 1e-4 nats, so no fit's trace could be held to 1e-10 (a replay of such a case, 6 rows in 4-D, fell by 1e-3 between steps).
/// Under the floor a Heywood case is still known only to ε·cond(C), the tolerance the trace is held to (evaluationTolerance).
[<CaseProperty>]
let ``Accelerated EM on PPCA and factor analysis never decreases the log-likelihood`` () =
    Prop.forAll (caseOf 60 5 1 3) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let q = min c.Latent (d - 1)
        let isotropic = r.NextDouble() < 0.5
        let data = dataFrom (linearGaussian r d q isotropic) (max c.Count (d + 2)) r
        let covariance = if isotropic then Covariance.Isotropic else Covariance.Diagonal
        ofFit (fun () -> (linearModel q d covariance).Compile(Inference.Em(restarts = 1, seed = c.Seed, maxIterations = 40, tolerance = 0.0, regularization = 1e-6, accelerate = true)).Fit(data)) (fun fit ->
            let exact = fit.Parameters.PointLogLikelihoods(data) |> Array.sum
            ((Laws.nonDecreasing (evaluationTolerance fit.Parameters) fit.Trace).Holds && Tolerance.close 1e-9 exact fit.LogLikelihood)
            |> Prop.label (sprintf "trace=%A logLik=%.12g exact=%.12g" (Seq.toList fit.Trace) fit.LogLikelihood exact)))
