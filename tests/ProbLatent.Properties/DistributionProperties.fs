/// Properties of every distribution and every registered KL pair, over random well-conditioned parameters:
/// KL ≥ 0, KL(p ‖ p) = 0, the closed-form KL agrees with a Monte Carlo estimate of E_p[log p − log q], and sample
/// moments agree with the analytic ones. Each property runs `Generators.caseCount` generated cases (100 unless a soak
/// run asks for more); each case draws from its own seed.
module ProbLatent.Properties.DistributionProperties

open System
open FsCheck
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open global.Xunit
open ProbLatent.Distributions
open ProbLatent.Properties.Generators
open ProbLatent.Verification

/// Mean and standard error of a sample.
let meanAndStandardError (values: float[]) =
    let n = float values.Length
    let mean = Array.average values
    let variance = (values |> Array.sumBy (fun v -> (v - mean) * (v - mean))) / (n - 1.0)
    mean, sqrt (variance / n)

/// Whether a Monte Carlo mean agrees with the expected value within `k` standard errors plus an absolute slack.
let agrees k slack (values: float[]) (expected: float) =
    let mean, se = meanAndStandardError values
    abs (mean - expected) <= k * se + slack, mean, se

// ---- one family: how to build it and which moments to check ----------------------------------------

type Family<'p, 'x> =
    { Name: string
      Pairs: Gen<'p * 'p>
      Build: 'p -> IDistribution<'x>
      /// Functions of a draw whose expectations are known, with those expectations.
      Moments: 'p -> ('x -> float[]) * float[] }

let univariateMoments (d: IUnivariateDistribution) =
    (fun (x: float) -> [| x; (x - d.Mean) ** 2.0 |]), [| d.Mean; d.Variance |]

/// Coordinates (mean μᵢ) and centred products (xᵢ − μᵢ)(xⱼ − μⱼ), i ≤ j (mean Σᵢⱼ).
let multivariateMoments (d: IMultivariateDistribution) =
    let mu = d.Mean
    let cov = d.Covariance
    let n = d.Dimension
    let pairs = [| for i in 0 .. n - 1 do for j in i .. n - 1 -> i, j |]
    (fun (x: float[]) -> Array.append x (pairs |> Array.map (fun (i, j) -> (x[i] - mu[i]) * (x[j] - mu[j])))),
    Array.append mu (pairs |> Array.map (fun (i, j) -> cov[i, j]))

let families =
    {| Gaussian =
        { Name = "Gaussian"; Pairs = pairOf gaussian; Build = (fun p -> buildGaussian p :> _)
          Moments = fun p -> univariateMoments (buildGaussian p) }
       Diagonal =
        { Name = "DiagonalGaussian"; Pairs = pairOfDimension dimension diagonal; Build = (fun p -> buildDiagonal p :> _)
          Moments = fun p -> multivariateMoments (buildDiagonal p) }
       Mvn =
        { Name = "MultivariateGaussian"; Pairs = pairOfDimension dimension mvn; Build = (fun p -> buildMvn p :> _)
          Moments = fun p -> multivariateMoments (buildMvn p) }
       Gamma =
        { Name = "Gamma"; Pairs = pairOf gamma; Build = (fun p -> buildGamma p :> _)
          Moments = fun p -> univariateMoments (buildGamma p) }
       Beta =
        { Name = "Beta"; Pairs = pairOf beta; Build = (fun p -> buildBeta p :> _)
          Moments = fun p -> univariateMoments (buildBeta p) }
       Dirichlet =
        { Name = "Dirichlet"; Pairs = pairOfDimension categories dirichlet; Build = (fun p -> buildDirichlet p :> _)
          Moments = fun p -> multivariateMoments (buildDirichlet p) }
       Wishart =
        { Name = "Wishart"; Pairs = pairOfDimension dimension wishart; Build = (fun p -> buildWishart p :> _)
          Moments =
            fun p ->
                // Entries Λᵢⱼ (mean ν Vᵢⱼ) and squared deviations (Λᵢⱼ − ν Vᵢⱼ)² (mean ν (Vᵢⱼ² + Vᵢᵢ Vⱼⱼ)), i ≤ j.
                let w = buildWishart p
                let mean, variance = w.Mean, w.Variance
                let d = p.Dimension
                let pairs = [| for i in 0 .. d - 1 do for j in i .. d - 1 -> i, j |]
                (fun (x: Matrix<float>) ->
                    Array.append (pairs |> Array.map (fun (i, j) -> x[i, j]))
                                 (pairs |> Array.map (fun (i, j) -> (x[i, j] - mean[i, j]) ** 2.0))),
                Array.append (pairs |> Array.map (fun (i, j) -> mean[i, j])) (pairs |> Array.map (fun (i, j) -> variance[i, j])) }
       Categorical =
        { Name = "Categorical"; Pairs = pairOfDimension categories categorical; Build = (fun p -> buildCategorical p :> _)
          Moments =
            fun p ->
                let k = p.Probabilities.Length
                (fun (x: int) -> Array.init k (fun i -> if x = i then 1.0 else 0.0)), p.Probabilities }
       Bernoulli =
        { Name = "Bernoulli"; Pairs = pairOf bernoulli; Build = (fun p -> buildBernoulli p :> _)
          Moments =
            fun p ->
                let b = buildBernoulli p
                (fun (x: bool) -> let v = (if x then 1.0 else 0.0) in [| v; (v - b.Mean) ** 2.0 |]), [| b.Mean; b.Variance |] } |}

// ---- the properties, generic over a family -------------------------------------------------------------

let monteCarloSamples = 5000
let momentSamples = 5000

/// KL(p ‖ q) ≥ 0 and KL(p ‖ p′) = 0 for an equal p′ built anew (to 1e-9), for p and q from the family's generator, by the verification kit's laws.
let klIsADivergence (f: Family<'p, 'x>) =
    forCases (pairCase f.Pairs) (fun case ->
        let p, q = f.Build case.P, f.Build case.Q
        let verdict = Verdict.All [ Laws.klNonNegative 0.0 p q; Laws.klOfEqualIsZero 1e-9 p (f.Build case.P) ]
        if not verdict.Holds then failwithf "%s: %s for %A" f.Name verdict.Detail case)

/// The log-density ratio log p(x) − log q(x) over draws x ~ p, from the case's seed.
let logRatios (f: Family<'p, 'x>) (case: PairCase<'p>) =
    let p, q = f.Build case.P, f.Build case.Q
    let random = Random(case.Seed)
    Array.init monteCarloSamples (fun _ -> let x = p.Sample random in p.LogDensity x - q.LogDensity x)

/// The closed-form KL is within 5 standard errors (+ 1e-3) of the Monte Carlo mean of log p − log q under p.
let klAgreesWithMonteCarlo (f: Family<'p, 'x>) =
    forCases (pairCase f.Pairs) (fun case ->
        let kl = KullbackLeibler.Divergence(f.Build case.P, f.Build case.Q)
        let ok, mean, se = agrees 5.0 1e-3 (logRatios f case) kl
        if not ok then failwithf "%s: closed-form KL %g, Monte Carlo %g ± %g for %A" f.Name kl mean se case)

/// How many standard errors a sample moment may stray. Squared deviations are skewed to the right, so a sample that
/// misses the rare large values has both a low mean and a low standard error, and its t-statistic has a heavier lower
/// tail than a normal one. Over 30,000 Wishart cases (up to 20 moments each, 5,000 draws) the worst |t| of a case
/// passed 4 in 36 cases, 4.5 in 5 and 5 in one: a 5-σ check would fail about one run of 100 cases in 300. Six keeps
/// false alarms far rarer, and still rejects a covariance 30% too large in every case (checked below).
let momentStandardErrors = 6.0

/// The first of the family's moments whose sample average, over draws from `sampler`, strays from its expectation
/// under `parameters` by more than `momentStandardErrors`; None when all agree.
let momentMisfit (f: Family<'p, 'x>) (sampler: IDistribution<'x>) parameters (s: int) =
    let features, expected = f.Moments parameters
    let random = Random(s)
    let draws = Array.init momentSamples (fun _ -> features (sampler.Sample random))
    seq { 0 .. expected.Length - 1 }
    |> Seq.tryPick (fun k ->
        let ok, mean, se = agrees momentStandardErrors (1e-9 * (1.0 + abs expected[k])) (draws |> Array.map (fun v -> v[k])) expected[k]
        if ok then None else Some(sprintf "moment %d: expected %g, sample %g ± %g" k expected[k] mean se))

/// Sample averages of the family's moment functions are within `momentStandardErrors` of their expectations.
let momentsAgree (f: Family<'p, 'x>) =
    forCases (Gen.zip (f.Pairs |> Gen.map fst) seed) (fun (parameters, s) ->
        match momentMisfit f (f.Build parameters) parameters s with
        | Some misfit -> failwithf "%s: %s, for %A (seed %d)" f.Name misfit parameters s
        | None -> ())

[<CaseProperty>]
let ``Gaussian: KL is a divergence`` () = klIsADivergence families.Gaussian
[<CaseProperty>]
let ``Gaussian: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Gaussian
[<CaseProperty>]
let ``Gaussian: sample moments`` () = momentsAgree families.Gaussian

[<CaseProperty>]
let ``DiagonalGaussian: KL is a divergence`` () = klIsADivergence families.Diagonal
[<CaseProperty>]
let ``DiagonalGaussian: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Diagonal
[<CaseProperty>]
let ``DiagonalGaussian: sample moments`` () = momentsAgree families.Diagonal

[<CaseProperty>]
let ``MultivariateGaussian: KL is a divergence`` () = klIsADivergence families.Mvn
[<CaseProperty>]
let ``MultivariateGaussian: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Mvn
[<CaseProperty>]
let ``MultivariateGaussian: sample moments`` () = momentsAgree families.Mvn

[<CaseProperty>]
let ``Gamma: KL is a divergence`` () = klIsADivergence families.Gamma
[<CaseProperty>]
let ``Gamma: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Gamma
[<CaseProperty>]
let ``Gamma: sample moments`` () = momentsAgree families.Gamma

[<CaseProperty>]
let ``Beta: KL is a divergence`` () = klIsADivergence families.Beta
[<CaseProperty>]
let ``Beta: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Beta
[<CaseProperty>]
let ``Beta: sample moments`` () = momentsAgree families.Beta

[<CaseProperty>]
let ``Dirichlet: KL is a divergence`` () = klIsADivergence families.Dirichlet
[<CaseProperty>]
let ``Dirichlet: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Dirichlet
[<CaseProperty>]
let ``Dirichlet: sample moments`` () = momentsAgree families.Dirichlet

[<CaseProperty>]
let ``Wishart: KL is a divergence`` () = klIsADivergence families.Wishart
[<CaseProperty>]
let ``Wishart: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Wishart
[<CaseProperty>]
let ``Wishart: sample moments`` () = momentsAgree families.Wishart

[<CaseProperty>]
let ``Categorical: KL is a divergence`` () = klIsADivergence families.Categorical
[<CaseProperty>]
let ``Categorical: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Categorical
[<CaseProperty>]
let ``Categorical: sample moments`` () = momentsAgree families.Categorical

[<CaseProperty>]
let ``Bernoulli: KL is a divergence`` () = klIsADivergence families.Bernoulli
[<CaseProperty>]
let ``Bernoulli: KL agrees with Monte Carlo`` () = klAgreesWithMonteCarlo families.Bernoulli
[<CaseProperty>]
let ``Bernoulli: sample moments`` () = momentsAgree families.Bernoulli

/// The Monte Carlo check has power: it rejects a KL that is off by a half, for pairs far enough apart.
[<CaseProperty>]
let ``Monte Carlo check rejects a wrong KL`` () =
    let far = pairCase (pairOfDimension dimension mvn) |> Gen.where (fun c -> KullbackLeibler.Divergence(buildMvn c.P, buildMvn c.Q) > 0.5)
    forCases far (fun case ->
        let f = families.Mvn
        let kl = KullbackLeibler.Divergence(f.Build case.P, f.Build case.Q)
        let ok, mean, se = agrees 5.0 1e-3 (logRatios f case) (1.5 * kl)
        if ok then failwithf "a KL 50%% too large (%g) passed against Monte Carlo %g ± %g for %A" (1.5 * kl) mean se case)

/// The moment check has power: draws from a Gaussian whose covariance is 30% too large fail it in every case.
[<CaseProperty>]
let ``Moment check rejects a covariance 30% too large`` () =
    let f = families.Mvn
    forCases (Gen.zip (dimension |> Gen.bind mvn) seed) (fun (parameters, s) ->
        let wide = buildMvn { parameters with Covariance = parameters.Covariance |> Array.map (fun c -> 1.3 * c) }
        if (momentMisfit f wide parameters s).IsNone then failwithf "a covariance 30%% too large passed the moment check for %A (seed %d)" parameters s)
