/// Missing cells, marginalised (Ghahramani and Jordan 1994): log p(x_observed) equals the marginal computed another way —
/// a Gaussian's closed form on the observed sub-covariance built here with MathNet, a Bernoulli mixture's sum of the
/// full-data density over every completion of the missing bits — EM never decreases it, its imputation is the
/// conditional mean computed the same independent ways, and data read with missing values allowed but without a missing
/// cell fits bit for bit as it did.
module ProbLatent.Properties.MissingValueProperties

open System
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.EmProperties
open ProbLatent.Properties.FactorMixtureProperties
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// The data with each cell missing with probability `share`, but row 0 complete (so no column is all missing) and
/// every row keeping one observed cell.
let withMissing (r: Random) share (data: DataMatrix) =
    let d = data.Columns
    let values = data.Values.ToArray()
    for n in 1 .. data.Rows - 1 do
        let keep = r.Next d
        for j in 0 .. d - 1 do
            if j <> keep && r.NextDouble() < share then values[n * d + j] <- nan
    DataMatrix(values, data.Rows, d, missing = MissingValues.AtRandom)

let observedOf (x: float[]) = [| for j in 0 .. x.Length - 1 do if not (Double.IsNaN x[j]) then yield j |]
let missingOf (x: float[]) = [| for j in 0 .. x.Length - 1 do if Double.IsNaN x[j] then yield j |]

/// log N(x_o | μ_o, Σ_oo) from the sub-matrices, by MathNet's LU: nothing of the library's factor or pattern code.
let logObservedGaussian (mean: float[]) (sigma: Matrix<float>) (x: float[]) =
    let o = observedOf x
    let s = Matrix<float>.Build.Dense(o.Length, o.Length, fun a b -> sigma[o[a], o[b]])
    let r = Vector<float>.Build.Dense(o.Length, fun a -> x[o[a]] - mean[o[a]])
    -0.5 * (float o.Length * Math.Log(2.0 * Math.PI) + Math.Log(s.Determinant()) + r * (s.Inverse() * r))

let logSumExp (xs: float[]) =
    let m = Array.max xs
    m + Math.Log(xs |> Array.sumBy (fun v -> Math.Exp(v - m)))

/// log p(x_o) and E[x_m | x_o] = Σₖ p(k | x_o)(μₖ,m + Σₖ,mo Σₖ,oo⁻¹ (x_o − μₖ,o)) of the mixture of N(μₖ, Σₖ) with the given weights.
let bruteMixture (weights: float[]) (components: (float[] * Matrix<float>)[]) (x: float[]) =
    let joint = Array.init weights.Length (fun c -> Math.Log weights[c] + logObservedGaussian (fst components[c]) (snd components[c]) x)
    let total = logSumExp joint
    let o, m = observedOf x, missingOf x
    let imputed = Array.copy x
    for c in 0 .. weights.Length - 1 do
        let w = Math.Exp(joint[c] - total)
        let mean, sigma = components[c]
        let soo = Matrix<float>.Build.Dense(o.Length, o.Length, fun a b -> sigma[o[a], o[b]])
        let smo = Matrix<float>.Build.Dense(m.Length, o.Length, fun a b -> sigma[m[a], o[b]])
        let r = Vector<float>.Build.Dense(o.Length, fun a -> x[o[a]] - mean[o[a]])
        let shift = smo * soo.Solve r
        for a in 0 .. m.Length - 1 do
            let j = m[a]
            imputed[j] <- (if Double.IsNaN imputed[j] then 0.0 else imputed[j]) + w * (mean[j] + shift[a])
    total, imputed

/// log p(x_o) and E[x_m | x_o] of a Gaussian mixture.
let bruteGaussian (mixture: GaussianMixture) =
    bruteMixture (Array.ofSeq mixture.Weights) (Array.init mixture.Components (fun c -> mixture.Mean c, mixture.Covariance c))

/// log p(x_o) by the full-data density summed over the 2^|m| completions of the missing bits, and E[x_m | x_o] likewise.
let bruteBernoulli (mixture: BernoulliMixture) (x: float[]) =
    let m = missingOf x
    let completions =
        [| for bits in 0 .. (1 <<< m.Length) - 1 ->
               let full = Array.copy x
               m |> Array.iteri (fun a j -> full[j] <- float ((bits >>> a) &&& 1))
               full |]
    let logs = mixture.PointLogLikelihoods(DataMatrix.FromRows completions)
    let total = logSumExp logs
    let imputed = Array.copy x
    for j in m do
        imputed[j] <- Array.fold2 (fun s (full: float[]) l -> s + full[j] * Math.Exp(l - total)) 0.0 completions logs
    total, imputed

/// A linear-Gaussian model's marginal N(μ, W Wᵀ + Ψ), built here with MathNet from its loadings and noise.
let linearMarginal (model: LinearGaussianModel) =
    let w = model.Loadings
    Array.ofSeq model.Mean, w * w.Transpose() + Matrix<float>.Build.DenseOfDiagonalArray(Array.ofSeq model.NoiseVariances)

/// A mixture of common factor analysers' components N(A ξₖ + μ, A Ωₖ Aᵀ + Ψ), built here with MathNet from its parts.
let commonMarginals (model: MixtureOfCommonFactorAnalysers) =
    let a = model.Loadings
    Array.init model.Components (fun c ->
        let mean = a * Vector<float>.Build.DenseOfArray(model.LatentMean c) + Vector<float>.Build.DenseOfEnumerable(model.Offset)
        mean.ToArray(), a * model.LatentCovariance c * a.Transpose() + Matrix<float>.Build.DenseOfDiagonalArray(Array.ofSeq model.NoiseVariances))

let agree tolerance (expected: float[]) (actual: float[]) =
    Array.forall2 (fun (a: float) b -> Tolerance.close tolerance a b) expected actual

[<CaseProperty>]
let ``A Gaussian mixture's log p(x_observed) and imputation are the observed sub-covariance's closed form`` () =
    Prop.forAll (caseOf 12 4 1 3) (fun c ->
        let r = Random c.Seed
        let covariance = if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal
        let mixture = gaussianMixture r c.Latent (c.Dimension + 1) covariance
        let data = withMissing r 0.4 (dataFrom mixture (c.Count + 1) r)
        let logs = mixture.PointLogLikelihoods data
        let imputed = mixture.Impute data
        let expected = [| for n in 0 .. data.Rows - 1 -> bruteGaussian mixture (data.Row(n).ToArray()) |]
        (agree 1e-9 (Array.map fst expected) logs
         && agree 1e-9 (Array.collect snd expected) (imputed.Values.ToArray())
         && not imputed.HasMissing)
        |> Prop.label (sprintf "%A: logs %A, expected %A" covariance logs (Array.map fst expected)))

[<CaseProperty>]
let ``A Bernoulli mixture's log p(x_observed) and imputation sum the full density over the missing bits`` () =
    Prop.forAll (caseOf 10 6 1 3) (fun c ->
        let r = Random c.Seed
        let mixture = bernoulliMixture r c.Latent c.Dimension
        let data = withMissing r 0.5 (dataFrom mixture (c.Count + 1) r)
        let logs = mixture.PointLogLikelihoods data
        let imputed = mixture.Impute data
        let expected = [| for n in 0 .. data.Rows - 1 -> bruteBernoulli mixture (data.Row(n).ToArray()) |]
        (agree 1e-9 (Array.map fst expected) logs && agree 1e-9 (Array.collect snd expected) (imputed.Values.ToArray()))
        |> Prop.label (sprintf "logs %A, expected %A" logs (Array.map fst expected)))

/// log p(x_o) and the imputation equal `expected` (row by row), and the ELBO at the exact posterior is Σ log p(x_o).
let observedClosedForm (model: ILatentModel) (data: DataMatrix) (expected: (float * float[])[]) =
    let logs = model.PointLogLikelihoods data
    let imputed = (model :?> IImputingModel).Impute data
    let elbo = model.Elbo(data, model.Posterior data).Value
    (agree 1e-9 (Array.map fst expected) logs
     && agree 1e-9 (Array.collect snd expected) (imputed.Values.ToArray())
     && Tolerance.close 1e-9 (Array.sum logs) elbo
     && not imputed.HasMissing)
    |> Prop.label (sprintf "%s: logs %A, expected %A, ELBO %g" (string model.Family) logs (Array.map fst expected) elbo)

let rowsOf (data: DataMatrix) = [| for n in 0 .. data.Rows - 1 -> data.Row(n).ToArray() |]

[<CaseProperty>]
let ``PPCA's and factor analysis's log p(x_observed) and imputation are the observed sub-covariance's closed form`` () =
    Prop.forAll (caseOf 12 5 1 3) (fun c ->
        let r = Random c.Seed
        let model, _ = linearCase c r
        let data = withMissing r 0.4 (dataFrom model (c.Count + 1) r)
        observedClosedForm model data (rowsOf data |> Array.map (bruteMixture [| 1.0 |] [| linearMarginal model |])))

[<CaseProperty>]
let ``Mixtures of factor analysers' and of common factor analysers' log p(x_observed) and imputation are the closed form`` () =
    Prop.forAll (caseOf 12 5 1 3) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let q = max 1 (min (c.Latent - 1) (d - 1))
        let isotropic = r.NextDouble() < 0.5
        let model, components =
            if r.NextDouble() < 0.5 then
                let m = mixtureOfFactorAnalysers r c.Latent d q isotropic
                m :> ILatentModel, Array.init m.Components (fun k -> linearMarginal (m.Component k))
            else
                let m = mixtureOfCommonFactorAnalysers r c.Latent d q (if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal) isotropic
                m :> ILatentModel, commonMarginals m
        let weights = match model with :? MixtureOfFactorAnalysers as m -> Array.ofSeq m.Weights | m -> Array.ofSeq (m :?> MixtureOfCommonFactorAnalysers).Weights
        let data = withMissing r 0.4 (dataFrom model (c.Count + 1) r)
        observedClosedForm model data (rowsOf data |> Array.map (bruteMixture weights components)))

[<CaseProperty>]
let ``EM on PPCA and factor analysis with missing cells never decreases log p(x_observed)`` () =
    Prop.forAll (caseOf 60 5 1 3) (fun c ->
        let r = Random c.Seed
        let truth, model = linearCase c r
        emProperty model (withMissing r 0.25 (dataFrom truth (max c.Count (2 * truth.Dimension + 2)) r)) c.Seed 0.0)

[<CaseProperty>]
let ``EM on mixtures of factor analysers and of common factor analysers with missing cells never decreases log p(x_observed) plus log-prior`` () =
    Prop.forAll (caseOf 60 4 1 2) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 2
        let isotropic = r.NextDouble() < 0.5
        let model =
            if r.NextDouble() < 0.5 then factorMixtureModel c.Latent 1 d isotropic
            else commonFactorMixtureModel c.Latent 1 d (if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal) isotropic
        let truth = RandomModels.forModel model r
        let data = withMissing r 0.25 (dataFrom truth (max c.Count (4 * c.Latent * d)) r)
        emProperty model data c.Seed 1e-3)

[<CaseProperty>]
let ``EM on Gaussian mixtures with missing cells never decreases log p(x_observed) plus log-prior`` () =
    Prop.forAll (caseOf 60 3 1 3) (fun c ->
        let r = Random c.Seed
        let covariance = if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal
        let d = c.Dimension + 1
        let truth = gaussianMixture r c.Latent d covariance
        let data = withMissing r 0.25 (dataFrom truth (max c.Count (4 * c.Latent * d)) r)
        emProperty (mixtureModel c.Latent d (Likelihood.Gaussian covariance)) data c.Seed 1e-3)

[<CaseProperty>]
let ``EM on Bernoulli mixtures with missing cells never decreases log p(x_observed) plus log-prior`` () =
    Prop.forAll (caseOf 60 8 1 3) (fun c ->
        let r = Random c.Seed
        let truth = bernoulliMixture r c.Latent c.Dimension
        let data = withMissing r 0.3 (dataFrom truth (max c.Count c.Latent) r)
        emProperty (mixtureModel c.Latent c.Dimension (Likelihood.Bernoulli())) data c.Seed 0.5)

/// Allowing missing values changes nothing where no cell is missing: the same trace, parameters and ELBO, bit for bit.
[<CaseProperty(CasesPercent = 50)>]
let ``Data read with missing values allowed but none missing fits bit for bit as without`` () =
    Prop.forAll (caseOf 40 3 1 3) (fun c ->
        let r = Random c.Seed
        let covariance = if r.NextDouble() < 0.5 then Covariance.Full else Covariance.Diagonal
        let truth = gaussianMixture r c.Latent c.Dimension covariance
        let data = dataFrom truth (max c.Count (4 * c.Latent)) r
        let allowed = DataMatrix(data.Values.ToArray(), data.Rows, data.Columns, missing = MissingValues.AtRandom)
        let model = mixtureModel c.Latent c.Dimension (Likelihood.Gaussian covariance)
        let fit (d: DataMatrix) = try Some(fitEm model d c.Seed 1e-3) with :? FitDivergedException -> None
        match fit data, fit allowed with
        | Some a, Some b ->
            (not allowed.HasMissing && Seq.toList a.Trace = Seq.toList b.Trace && a.Elbo.Value = b.Elbo.Value
             && a.Parameters.PointLogLikelihoods(data) = b.Parameters.PointLogLikelihoods(allowed))
            |> Prop.label (sprintf "traces %A and %A" (Seq.toList a.Trace) (Seq.toList b.Trace))
        | None, None -> true |> Prop.label "both collapsed"
        | _ -> false |> Prop.label "one fit collapsed and the other did not")

/// A VMP fit of a Gaussian mixture to data with missing cells: a fixed number of sweeps, from a random mixture.
let vmpCase (covariance: Covariance) (c: Case) =
    let r = Random c.Seed
    let d = c.Dimension + 1
    let truth = gaussianMixture r c.Latent d covariance
    let data = withMissing r 0.3 (dataFrom truth (max c.Count (4 * c.Latent + 4)) r)
    let model = mixtureModel c.Latent d (Likelihood.Gaussian covariance)
    model, data, r

/// VMP's ELBO never goes down and, beside the kit's Monte Carlo estimate from draws of q(θ) and q(z) with Distributions'
/// densities over each row's observed cells (the bound with the missing cells integrated out): a diagonal mixture's gate
/// drops them, which integrates them out exactly, so the two agree; a full one keeps a q over them, whose ELBO is below it.
let vmpMissingProperty covariance =
    Prop.forAll (caseOf 30 3 1 3) (fun c ->
        let model, data, r = vmpCase covariance c
        ofFit (fun () -> VmpMixtureProperties.fitVmp model data c.Seed) (fun fit ->
            let estimate = MonteCarloElbo.estimate (VmpPriorSet.For(model, null, data)) fit data 600 r
            let verdict =
                if covariance = Covariance.Diagonal then MonteCarloElbo.agrees 5.0 1e-6 fit.Elbo estimate
                else
                    { Holds = fit.Elbo.Value <= estimate.Elbo + 5.0 * estimate.ElboError + 1e-6
                      Detail = sprintf "ELBO %.10g, estimate with the missing cells integrated out %.10g ± %.3g" fit.Elbo.Value estimate.Elbo estimate.ElboError }
            ((Laws.nonDecreasing 1e-9 fit.Trace).Holds && verdict.Holds && Double.IsFinite fit.LogLikelihood)
            |> Prop.label (sprintf "trace=%A %s" (Seq.toList fit.Trace) verdict.Detail)))

[<CaseProperty(CasesPercent = 50)>]
let ``VMP on diagonal Gaussian mixtures with missing cells never decreases the ELBO, which is its Monte Carlo estimate`` () =
    vmpMissingProperty Covariance.Diagonal

[<CaseProperty(CasesPercent = 50)>]
let ``VMP on full Gaussian mixtures with missing cells never decreases the ELBO, which is below its Monte Carlo estimate`` () =
    vmpMissingProperty Covariance.Full

/// VMP on a Bernoulli mixture with missing pixels: the gate drops each, which its row's other pixels do not depend on given
/// the component, so the missing pixels are integrated out exactly: the ELBO never goes down and is the kit's Monte Carlo
/// estimate from draws of q(θ) and q(z) with Distributions' densities over each row's observed pixels.
[<CaseProperty>]
let ``VMP on Bernoulli mixtures with missing pixels never decreases the ELBO, which is its Monte Carlo estimate`` () =
    Prop.forAll (caseOf 30 6 1 3) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let truth = bernoulliMixture r c.Latent d
        let drawn = withMissing r 0.3 (dataFrom truth (max c.Count (4 * c.Latent + 4)) r)
        // A few rows of two pixels may draw no missing one; then the second row's first pixel is missing (d ≥ 2 keeps it one of several).
        let data =
            if drawn.HasMissing then drawn
            else
                let values = drawn.Values.ToArray()
                values[d] <- nan
                DataMatrix(values, drawn.Rows, d, missing = MissingValues.AtRandom)
        let model = mixtureModel c.Latent d (Likelihood.Bernoulli())
        ofFit (fun () -> VmpMixtureProperties.fitVmp model data c.Seed) (fun fit ->
            let estimate = MonteCarloElbo.estimate (VmpPriorSet.For(model, null, data)) fit data 600 r
            let verdict = MonteCarloElbo.agrees 5.0 1e-6 fit.Elbo estimate
            ((Laws.nonDecreasing 1e-9 fit.Trace).Holds && verdict.Holds && Double.IsFinite fit.LogLikelihood && data.HasMissing)
            |> Prop.label (sprintf "trace=%A log p=%g missing=%b %s" (Seq.toList fit.Trace) fit.LogLikelihood data.HasMissing verdict.Detail)))

/// The weights' posterior of a VMP mixture's fit.
let weightsOf (posterior: IParameterPosterior) =
    match posterior with
    | :? GaussianMixturePosterior as q -> q.Weights
    | :? DiagonalGaussianMixturePosterior as q -> q.Weights
    | :? BernoulliMixturePosterior as q -> q.Weights
    | other -> invalidArg "posterior" $"not a mixture's posterior: {other.GetType().Name}"

/// log p(x_o) = log ∫ p(x_o | θ) p(θ) dθ = log E_q(θ)[p(x_o | θ) p(θ) / q(θ)], importance-sampled from `draws` draws of the
/// fit's q(θ), p(x_o | θ) the mixture's exact marginal over z and the missing cells (each component's density over the
/// observed cells, the kit's), with its standard error (the delta method: the weights' relative spread over √draws). In
/// expectation it is at least the ELBO: the log of the mean weight is at least the mean log weight, whose expectation,
/// E_q(θ)[log p(x_o | θ)] − KL(q(θ) ‖ p(θ)), is the ELBO with q(z) at its optimum.
let importanceSampledEvidence (priors: VmpPriorSet) (fit: FitResult) (data: DataMatrix) draws (r: Random) =
    let posterior = nonNull fit.ParameterPosterior
    let q = weightsOf posterior
    let rows = rowsOf data
    let logWeight () =
        let weights = q.Sample r
        let logPrior, logPosterior, components = (MonteCarloElbo.emissionComponents priors posterior r).Value
        let logLikelihood = rows |> Array.sumBy (fun x -> logSumExp (Array.init weights.Length (fun k -> Math.Log weights[k] + components[k] x)))
        logLikelihood + (priors.Weights weights.Length).LogDensity weights - q.LogDensity weights + logPrior - logPosterior
    let logs = Array.init draws (fun _ -> logWeight ())
    let estimate = logSumExp logs - Math.Log(float draws)
    let spread = sqrt ((logs |> Array.sumBy (fun l -> (Math.Exp(l - estimate) - 1.0) ** 2.0)) / float (draws - 1))
    estimate, spread / sqrt (float draws)

/// The ELBO is at most the importance-sampled log p(x_o) plus four of its standard errors.
let belowEvidence (model: Model) (fit: FitResult) (data: DataMatrix) seed =
    let estimate, error = importanceSampledEvidence (VmpPriorSet.For(model, null, data)) fit data 2000 (Random(seed + 1))
    (fit.Elbo.Value <= estimate + 4.0 * error + 1e-9 * abs estimate)
    |> Prop.label (sprintf "ELBO %.10g, importance-sampled log p(x_o) %.10g ± %.3g, missing %d" fit.Elbo.Value estimate error data.MissingCount)

/// The data with at least one missing cell: where the draw left none, row 1's first (row 0 stays complete).
let someMissing (data: DataMatrix) =
    if data.HasMissing || data.Rows < 2 || data.Columns < 2 then data
    else
        let values = data.Values.ToArray()
        values[data.Columns] <- nan
        DataMatrix(values, data.Rows, data.Columns, missing = MissingValues.AtRandom)

[<CaseProperty>]
let ``VMP's ELBO on Gaussian mixtures with missing cells is below an importance-sampled log p(x_observed)`` () =
    Prop.forAll (caseOf 8 2 1 2) (fun c ->
        let covariance = if c.Seed % 2 = 0 then Covariance.Full else Covariance.Diagonal
        let model, data, _ = vmpCase covariance c
        let data = someMissing data
        ofFit (fun () -> VmpMixtureProperties.fitVmp model data c.Seed) (fun fit -> belowEvidence model fit data c.Seed |> Prop.label (string covariance)))

/// A tiny Bernoulli mixture (two or three pixels, one or two components, a few rows), where 2,000 draws of q(θ) estimate
/// log p(x_o) closely.
[<CaseProperty>]
let ``VMP's ELBO on Bernoulli mixtures with missing pixels is below an importance-sampled log p(x_observed)`` () =
    Prop.forAll (caseOf 8 2 1 2) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let truth = bernoulliMixture r c.Latent d
        let data = someMissing (withMissing r 0.3 (dataFrom truth (c.Count + 2) r))
        let model = mixtureModel c.Latent d (Likelihood.Bernoulli())
        ofFit (fun () -> VmpMixtureProperties.fitVmp model data c.Seed) (fun fit -> belowEvidence model fit data c.Seed))

/// A VMP fit of PPCA or factor analysis (`components` = 0), or of a mixture of factor analysers or of PPCA, to data drawn
/// from a random such model with cells missing.
let linearVmpCase (c: Case) components =
    let r = Random c.Seed
    let d = c.Dimension + 1
    let q = min c.Latent (d - 1)
    let isotropic = r.NextDouble() < 0.5
    let model =
        if components = 0 then linearModel q d (if isotropic then Covariance.Isotropic else Covariance.Diagonal)
        else factorMixtureModel components q d isotropic
    let truth = RandomModels.forModel model r
    model, someMissing (withMissing r 0.3 (dataFrom truth (max c.Count (2 * d + 2) * max components 1) r)), r

/// VMP on a linear-Gaussian model with missing cells: each cell is independent of its row's others given the factors (and
/// the component), so they integrate out exactly and the ELBO is the kit's Monte Carlo estimate over the observed cells,
/// term by term, and never goes down.
let linearVmpMissingProperty components =
    Prop.forAll (caseOf 20 4 1 2) (fun c ->
        let model, data, r = linearVmpCase c components
        ofFit (fun () -> VmpMixtureProperties.fitVmp model data c.Seed) (fun fit ->
            let estimate = MonteCarloElbo.estimate (VmpPriorSet.For(model, null, data)) fit data 600 r
            let verdict = MonteCarloElbo.agrees 5.0 1e-6 fit.Elbo estimate
            ((Laws.nonDecreasing 1e-9 fit.Trace).Holds && verdict.Holds && Double.IsFinite fit.LogLikelihood && data.HasMissing)
            |> Prop.label (sprintf "%s, %d missing: trace=%A %s" model.Name data.MissingCount (Seq.toList fit.Trace) verdict.Detail)))

[<CaseProperty>]
let ``VMP on PPCA and factor analysis with missing cells never decreases the ELBO, which is its Monte Carlo estimate`` () =
    linearVmpMissingProperty 0

[<CaseProperty>]
let ``VMP on mixtures of factor analysers and of PPCA with missing cells never decreases the ELBO, which is its Monte Carlo estimate`` () =
    linearVmpMissingProperty 2

/// With every cell observed the missing cells' factors are the complete ones over other sums: complete data taken as data
/// that might miss cells (one pattern, every column observed) fits as it does on the complete path, sweep for sweep.
[<CaseProperty>]
let ``VMP on linear-Gaussian models through the missing cells' factors fits complete data as the complete path does`` () =
    Prop.forAll (caseOf 20 4 1 2) (fun c ->
        let model, data, _ = linearVmpCase c (c.Seed % 3)
        let complete = DataMatrix(data.Values.ToArray() |> Array.map (fun v -> if Double.IsNaN v then 0.5 else v), data.Rows, data.Columns)
        let fit (d: DataMatrix) = try Some(VmpMixtureProperties.fitVmp model d c.Seed) with :? FitDivergedException -> None
        match fit complete, fit (complete.AsIfMissing()) with
        | Some a, Some b ->
            (Seq.forall2 (fun x y -> Tolerance.close 1e-9 x y) a.Trace b.Trace && Tolerance.close 1e-9 a.LogLikelihood b.LogLikelihood)
            |> Prop.label (sprintf "%s: traces %A and %A" model.Name (Seq.toList a.Trace) (Seq.toList b.Trace))
        | None, None -> true |> Prop.label "both collapsed"
        | _ -> false |> Prop.label "one fit collapsed and the other did not")
