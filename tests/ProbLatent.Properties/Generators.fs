/// Generators of well-conditioned random distribution parameters for the property tests. Parameters are plain records
/// (so a failing case prints them) and each case carries a seed for its own Monte Carlo draws, so it reproduces.
module ProbLatent.Properties.Generators

open System
open FsCheck
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open ProbLatent.Distributions

/// How many generated cases every property runs: 100, or PROBLATENT_PROPERTY_CASES when set. A soak run with many
/// more cases (thousands) measures how often a Monte Carlo property raises a false alarm, which 100 cases cannot show.
let caseCount =
    match Environment.GetEnvironmentVariable "PROBLATENT_PROPERTY_CASES" with
    | null | "" -> 100
    | text ->
        match Int32.TryParse text with
        | true, n when n > 0 -> n
        | _ -> failwithf "PROBLATENT_PROPERTY_CASES must be a positive whole number, got '%s'" text

/// The property of a [<CaseProperty>] test whose body throws (with a message) on a case where it does not hold.
let forCases (cases: Gen<'c>) (body: 'c -> unit) = Prop.forAll (Arb.fromGen cases) body

/// A float uniform on [lo, hi] (a million steps).
let floatIn (lo: float) (hi: float) : Gen<float> =
    Gen.choose (0, 1_000_000) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1e6)

let vectorIn (d: int) lo hi : Gen<float[]> = Gen.arrayOfLength d (floatIn lo hi)

/// A seed for a case's own System.Random.
let seed : Gen<int> = Gen.choose (0, 1_000_000_000)

/// A d×d symmetric positive-definite matrix A Aᵀ + 0.5 I (A with entries in [−1, 1]), scaled by c ∈ [0.3, 2]; row-major.
let spd (d: int) : Gen<float[]> =
    gen {
        let! a = vectorIn (d * d) -1.0 1.0
        let! c = floatIn 0.3 2.0
        return
            Array.init (d * d) (fun k ->
                let i, j = k / d, k % d
                let s = Seq.sum (seq { for l in 0 .. d - 1 -> a[i * d + l] * a[j * d + l] })
                c * (s + (if i = j then 0.5 else 0.0)))
    }

let toMatrix (d: int) (rowMajor: float[]) : Matrix<float> =
    Matrix<float>.Build.Dense(d, d, fun i j -> rowMajor[i * d + j])

// ---- parameters, one record per family ----------------------------------------------------------

type GaussianParams = { Mean: float; Variance: float }
type DiagonalParams = { Mean: float[]; Variance: float[] }
type MvnParams = { Dimension: int; Mean: float[]; Covariance: float[] }
type GammaParams = { Shape: float; Rate: float }
type BetaParams = { Alpha: float; Beta: float }
type DirichletParams = { Concentration: float[] }
type WishartParams = { Dimension: int; DegreesOfFreedom: float; Scale: float[] }
type CategoricalParams = { Probabilities: float[] }
type BernoulliParams = { Probability: float }

let gaussian = Gen.map2 (fun m v -> { GaussianParams.Mean = m; Variance = v }) (floatIn -3.0 3.0) (floatIn 0.2 5.0)
let diagonal d = Gen.map2 (fun m v -> { DiagonalParams.Mean = m; Variance = v }) (vectorIn d -3.0 3.0) (vectorIn d 0.2 5.0)
let mvn d = Gen.map2 (fun m c -> { MvnParams.Dimension = d; Mean = m; Covariance = c }) (vectorIn d -3.0 3.0) (spd d)
let gamma = Gen.map2 (fun a b -> { Shape = a; Rate = b }) (floatIn 0.5 20.0) (floatIn 0.2 5.0)
let beta = Gen.map2 (fun a b -> { Alpha = a; Beta = b }) (floatIn 0.5 20.0) (floatIn 0.5 20.0)
let dirichlet k = vectorIn k 0.5 20.0 |> Gen.map (fun a -> { Concentration = a })
/// ν ∈ [d, d + 15] keeps draws away from singular matrices; the scale is A Aᵀ + 0.5 I, scaled.
let wishart d = Gen.map2 (fun nu v -> { WishartParams.Dimension = d; DegreesOfFreedom = float d + nu; Scale = v }) (floatIn 0.0 15.0) (spd d)
let categorical k =
    vectorIn k 0.05 1.0 |> Gen.map (fun w -> let s = Array.sum w in { Probabilities = w |> Array.map (fun x -> x / s) })
let bernoulli = floatIn 0.02 0.98 |> Gen.map (fun p -> { Probability = p })

let dimension = Gen.choose (1, 4)
let categories = Gen.choose (2, 5)

/// Two parameter sets of the same dimension.
let pairOf (g: Gen<'p>) = Gen.zip g g
let pairOfDimension (dims: Gen<int>) (g: int -> Gen<'p>) = gen { let! d = dims in return! Gen.zip (g d) (g d) }

// ---- building the distributions ------------------------------------------------------------------

let buildGaussian (p: GaussianParams) = Gaussian(p.Mean, p.Variance)
let buildDiagonal (p: DiagonalParams) = DiagonalGaussian(p.Mean, p.Variance)
let buildMvn (p: MvnParams) = MultivariateGaussian(p.Mean, toMatrix p.Dimension p.Covariance)
let buildGamma (p: GammaParams) = Gamma(p.Shape, p.Rate)
let buildBeta (p: BetaParams) = Beta(p.Alpha, p.Beta)
let buildDirichlet (p: DirichletParams) = Dirichlet(p.Concentration)
let buildWishart (p: WishartParams) = Wishart(p.DegreesOfFreedom, toMatrix p.Dimension p.Scale)
let buildCategorical (p: CategoricalParams) = Categorical(p.Probabilities)
let buildBernoulli (p: BernoulliParams) = Bernoulli(p.Probability)

/// A case of a pairwise property: p's and q's parameters and the seed of the case's Monte Carlo draws.
type PairCase<'p> = { P: 'p; Q: 'p; Seed: int }

let pairCase (pairs: Gen<'p * 'p>) : Gen<PairCase<'p>> =
    Gen.map2 (fun (p, q) s -> { P = p; Q = q; Seed = s }) pairs seed
