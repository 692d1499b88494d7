/// Mixtures of factor analysers and of probabilistic PCA (a categorical c and a Gaussian h read by a per-component
/// linear-Gaussian decoder): the ELBO bounds at random parameters for an arbitrary q of the exact posterior's form
/// (responsibilities, and a Gaussian q(h | c = k) per component), and EM never decreasing log p(x | θ) + log p(θ);
/// then the verification kit's checks of a description of that shape, which it now decides by the graph's parts.
module ProbLatent.Properties.FactorMixtureProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.Backends.Vmp
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// c ~ Categorical(k), h ~ N(0, I_q), x | c, h ~ N(W_c h + μ_c, Ψ_c) over d dimensions; Ψ_c = σ_c² I when isotropic.
let factorMixtureModel k q d isotropic =
    let noise = if isotropic then Covariance.Isotropic else Covariance.Diagonal
    Model.Define("mfa").Latent("c", Prior.Categorical k).Latent("h", Prior.StandardNormal q)
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian noise))).Observe("x", d)

/// c ~ Categorical(k), z | c ~ N(ξ_c, Ω_c) over q factors (full or diagonal Ω_c), x | z ~ N(A z + μ, Ψ) over d dimensions.
let commonFactorMixtureModel k q d (latentCovariance: Covariance) isotropic =
    let noise = if isotropic then Covariance.Isotropic else Covariance.Diagonal
    Model.Define("mcfa").Latent("c", Prior.Categorical k)
        .Latent("z", Prior.StandardNormal(q).Given("c", Decoder.PerComponent(Likelihood.Gaussian latentCovariance)))
        .Decoder(Decoder.Linear(Likelihood.Gaussian noise)).Observe("x", d)

/// The sizes of a case: d = Dimension + 1 data dimensions, 1 ≤ q < d factors, isotropic noise half the time.
let shape (c: Case) (r: Random) =
    let d = c.Dimension + 1
    d, 1 + r.Next(d - 1), r.NextDouble() < 0.5

[<CaseProperty>]
let ``Mixtures of factor analysers and of PPCA with an arbitrary q of the posterior's form: ELBO bounds`` () =
    Prop.forAll (caseOf 30 4 1 3) (fun c ->
        let r = Random c.Seed
        let d, q, isotropic = shape c r
        let model = mixtureOfFactorAnalysers r c.Latent d q isotropic
        let data = dataFrom model c.Count r
        ElboProperties.bounds model data (RandomPosteriors.factorMixture r c.Count c.Latent q))

/// EM's laws (EmProperties.emProperty) on a random mixture of factor analysers or of PPCA and data drawn from it.
let private emOnFactorMixtures accelerate =
    Prop.forAll (caseOf 60 4 1 3) (fun c ->
        let r = Random c.Seed
        let d, q, isotropic = shape c r
        let truth = mixtureOfFactorAnalysers r c.Latent d q isotropic
        let data = dataFrom truth (max c.Count (4 * c.Latent)) r
        let regularization = [| 1e-3; 0.1 |][r.Next 2]
        EmProperties.emPropertyWith accelerate (factorMixtureModel c.Latent q d isotropic) data c.Seed regularization)

[<CaseProperty>]
let ``EM on mixtures of factor analysers and of PPCA never decreases log-likelihood plus log-prior`` () = emOnFactorMixtures false

/// Each accelerated iteration is a SQUAREM step over EM steps that reads the rows, accepted only where it is no lower than
/// two EM steps: the objective never goes down either.
[<CaseProperty>]
let ``Accelerated EM on mixtures of factor analysers and of PPCA never decreases log-likelihood plus log-prior`` () = emOnFactorMixtures true

[<CaseProperty>]
let ``VMP on mixtures of factor analysers and of PPCA never decreases the ELBO and reports only finite numbers`` () =
    Prop.forAll (caseOf 40 4 1 3) (fun c ->
        let r = Random c.Seed
        let d, q, isotropic = shape c r
        let truth = mixtureOfFactorAnalysers r c.Latent d q isotropic
        let data = dataFrom truth (max c.Count (2 * c.Latent)) r
        let priors =
            if r.NextDouble() < 0.5 then VmpPriors()
            else VmpPriors(GammaShape = 1e-3, GammaRate = 1e-3, MeanPrecision = 1e-3)
        let backend = Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 40, tolerance = -1.0, priors = priors)
        ofFit (fun () -> (factorMixtureModel c.Latent q d isotropic).Compile(backend).Fit(data)) (fun fit ->
            let posterior = nonNull fit.ParameterPosterior :?> FactorAnalyserMixturePosterior
            let numbers =
                seq {
                    yield! fit.Trace
                    yield fit.LogLikelihood
                    yield! posterior.Weights.Concentration
                    for part in posterior.Components do
                        for w in part.Loadings do yield! w.Mean
                        for g in Seq.append part.NoisePrecisions part.ArdPrecisions do yield g.Rate
                }
            (fit.Trace.Count = 41 && (Laws.nonDecreasing 1e-9 fit.Trace).Holds && numbers |> Seq.forall Double.IsFinite)
            |> Prop.label (sprintf "K=%d d=%d q=%d N=%d isotropic=%b trace=%A" c.Latent d q data.Rows isotropic (Seq.toList fit.Trace))))

[<Fact>]
let ``The kit draws random mixtures of factor analysers, fits them by EM by default and by VMP, and passes its laws on them`` () =
    // A few cases each: what is checked here is that the kit takes the shape (its generator, its default backend, its
    // arbitrary q); the laws themselves are checked over many cases above.
    let settings = CheckSettings(Cases = 5, Seed = 7)
    for model in [ factorMixtureModel 2 1 3 false; factorMixtureModel 3 2 4 true ] do
        let data = DataGenerators.FromRandomParameters(model, 30)
        ModelChecks.ElboBelowLogLikelihood(model, data, settings = settings)
        ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(model, data, settings = settings)
        ModelChecks.GapEqualsKl(model, data, settings = settings)
        ModelChecks.EmNeverDecreases(model, data, settings = settings)
        ModelChecks.VmpNeverDecreases(model, data, settings = settings)
