/// Results that do not depend on the data's units. Fitting y = s∘x + c (a scale sⱼ from 10⁻⁴ to 10⁴ and an offset
/// per column) instead of x must give the same fit in the new units: log p(y) = log p(x) − N·Σⱼ log sⱼ, and the same
/// posterior over every point's latent variable. Each backend's defaults (EM's ridge, VMP's priors, the
/// reparameterized engine's start and steps) are stated in units of the data, so this holds to the fit's tolerance.
module ProbLatent.Properties.ScaleProperties

open System
open FsCheck
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open global.Xunit
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification.RandomModels

type Family =
    | FullMixture
    | DiagonalMixture
    | Pca
    | FactorAnalysis
    | FactorMixture

/// y = s∘x + c, row by row.
let transform (scale: float[]) (offset: float[]) (data: DataMatrix) =
    let d = data.Columns
    let values = Array.init (data.Rows * d) (fun i -> scale[i % d] * data[i / d, i % d] + offset[i % d])
    DataMatrix(values, data.Rows, d, data.ColumnNames, "scaled")

/// The model of a family, data drawn from a random instance of it, and whether a column scale must be one for all
/// columns (PPCA's isotropic noise is a model only of data whose columns share a unit).
let problem family (r: Random) (c: Case) =
    let d = c.Dimension + 1
    let n = 30 + c.Count
    match family with
    | FullMixture | DiagonalMixture ->
        let covariance = if family = FullMixture then Covariance.Full else Covariance.Diagonal
        let k = 2
        mixtureModel k d (Likelihood.Gaussian covariance), dataFrom (gaussianMixture r k d covariance) n r, false
    | Pca | FactorAnalysis ->
        let q = max 1 (min c.Latent (d - 1))
        let isotropic = family = Pca
        let covariance = if isotropic then Covariance.Isotropic else Covariance.Diagonal
        linearModel q d covariance, dataFrom (linearGaussian r d q isotropic) n r, isotropic
    | FactorMixture ->
        let q = max 1 (min c.Latent (d - 1))
        FactorMixtureProperties.factorMixtureModel 2 q d false, dataFrom (mixtureOfFactorAnalysers r 2 d q false) n r, false

/// The largest difference between two fits' posteriors over the latents: responsibilities with the components
/// matched, or posterior means under the orthogonal map that matches them best.
let rec posteriorDifference (a: IPosterior) (b: IPosterior) =
    match a, b with
    // Each component's factors are read in its own coordinates, which a fit fixes only up to a rotation: compare c.
    | (:? FactorMixturePosterior as p), (:? FactorMixturePosterior as q) -> posteriorDifference p.Responsibilities q.Responsibilities
    | (:? DiscretePosterior as p), (:? DiscretePosterior as q) ->
        // Restarts that reach the same optimum with the components in another order tie to rounding, and either may
        // be kept: compare under the best matching of the components.
        let k = p.States
        let rec permutations =
            function
            | [] -> [ [] ]
            | xs -> [ for x in xs do for rest in permutations (List.except [ x ] xs) -> x :: rest ]
        let x, y = p.Probabilities.ToArray(), q.Probabilities.ToArray()
        [ for order in permutations [ 0 .. k - 1 ] ->
              let order = Array.ofList order
              Array.init x.Length (fun i -> abs (x[i] - y[(i / k) * k + order[i % k]])) |> Array.max ]
        |> List.min
    | _ ->
        // Latent vectors are fixed only up to an orthogonal map (a closed form's signs of W's columns; VMP's rotation,
        // which ARD pins only where the precisions differ): compare after the best one (orthogonal Procrustes).
        let dimension = a.Means().Length / a.Count
        let m = Matrix<float>.Build.DenseOfRowMajor(a.Count, dimension, a.Means())
        let m' = Matrix<float>.Build.DenseOfRowMajor(b.Count, dimension, b.Means())
        let svd = (m'.TransposeThisAndMultiply m).Svd true
        let aligned = m' * (svd.U * svd.VT)
        Seq.max (seq { for n in 0 .. a.Count - 1 do for i in 0 .. dimension - 1 -> abs (m[n, i] - aligned[n, i]) / (1.0 + abs m[n, i]) })

/// Fits x and s∘x + c with the same backend and seed and checks the log-likelihoods and posteriors agree in units.
let scaleFree (family: Family) (backend: IBackend) (logTolerancePerPoint: float) (posteriorTolerance: float) (c: Case) =
    let r = Random c.Seed
    let model, data, sharedScale = problem family r c
    let d = data.Columns
    let oneScale = Math.Pow(10.0, r.NextDouble() * 8.0 - 4.0)
    let scale = Array.init d (fun _ -> if sharedScale then oneScale else Math.Pow(10.0, r.NextDouble() * 8.0 - 4.0))
    let offset = Array.init d (fun j -> scale[j] * (r.NextDouble() * 200.0 - 100.0))
    let compiled = model.Compile backend
    let attempt (x: DataMatrix) = try Ok(compiled.Fit x) with :? FitDivergedException as e -> Error e
    match attempt data, attempt (transform scale offset data) with
    | Ok fit, Ok scaled ->
        let jacobian = float data.Rows * Array.sumBy Math.Log scale
        let expected = fit.LogLikelihood - jacobian
        let logError = abs (scaled.LogLikelihood - expected)
        let posteriorError = posteriorDifference fit.LatentPosterior scaled.LatentPosterior
        // VMP stops where its ELBO, not log p(x) at the posterior means, changes by less than its tolerance, and in
        // extreme units rounding takes the two fits along paths that stop iterations apart on a flat ELBO: the ELBO,
        // stationary where both stop, moves by the Jacobian to the tolerance; log p(x) at the means, and the
        // posteriors, to where the stopping left them.
        let elboError = if backend.Name = "vmp" then abs (scaled.Elbo.Value - (fit.Elbo.Value - jacobian)) else 0.0
        let logTolerance, posteriorTolerance =
            if backend.Name = "vmp" then 1e2 * logTolerancePerPoint, 1e1 * posteriorTolerance else logTolerancePerPoint, posteriorTolerance
        (elboError <= logTolerancePerPoint * float data.Rows && logError <= logTolerance * float data.Rows && posteriorError <= posteriorTolerance)
        |> Prop.label (
            sprintf "%A %s: N=%d d=%d scales=%A log p(x)=%.9g, log p(s∘x + c)=%.9g, expected %.9g (off by %.3g); ELBO off by %.3g; posteriors differ by %.3g; iterations %d and %d"
                family backend.Name data.Rows d scale fit.LogLikelihood scaled.LogLikelihood expected logError elboError posteriorError fit.Iterations scaled.Iterations)
    // A fit that collapses (EM on few points can) must collapse in any units, at the same iteration.
    | Error e, Error e' -> (e.Iteration = e'.Iteration) |> Prop.label (sprintf "%A %s: diverged at %s and %s" family backend.Name e.Message e'.Message)
    | Ok _, Error e | Error e, Ok _ -> false |> Prop.label (sprintf "%A %s with scales %A: only one of the fits diverged: %s" family backend.Name scale e.Message)

let families = Gen.elements [ FullMixture; DiagonalMixture; Pca; FactorAnalysis ]

[<CaseProperty(CasesPercent = 40)>]
let ``EM, VMP and exact inference fit s∘x + c as they fit x: log p moves by −N·Σ log sⱼ and the latents' posteriors stay`` () =
    let cases = Gen.zip families (caseOf 20 3 1 2 |> Arb.toGen)
    Prop.forAll (Arb.fromGen cases) (fun (family, c) ->
        let backends =
            [ yield Inference.Em(restarts = 2, seed = c.Seed) :> IBackend
              yield Inference.Vmp(restarts = 2, seed = c.Seed)
              if family = Pca then yield Inference.Exact() ]
        backends |> List.map (fun b -> scaleFree family b 1e-6 1e-4 c) |> List.reduce (.&.))

/// The mixture's noise prior is what a component's fit leans on where its points are narrow, so its data-scaled rate
/// (VmpPriors.DefaultNoiseShape times a column's variance) must carry the units as the other priors do.
[<CaseProperty(CasesPercent = 20)>]
let ``VMP fits a mixture of factor analysers to s∘x + c as it fits x`` () =
    Prop.forAll (caseOf 20 3 1 2) (fun c -> scaleFree FactorMixture (Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 200)) 1e-6 1e-4 c)

[<CaseProperty(MaxTest = 8)>]
let ``The reparameterized engine fits s∘x + c as it fits x, within its Monte Carlo error`` () =
    let cases = Gen.zip (Gen.elements [ Pca; FactorAnalysis ]) (caseOf 20 3 1 2 |> Arb.toGen)
    Prop.forAll (Arb.fromGen cases) (fun (family, c) ->
        scaleFree family (Inference.Reparameterized(epochs = 40, batchSize = 25, learningRate = 3e-2, seed = c.Seed, logLikelihoodSamples = 10)) 2e-2 5e-2 c)
