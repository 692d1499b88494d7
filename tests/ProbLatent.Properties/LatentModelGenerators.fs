/// Random latent-variable models, data and variational distributions for the property tests.
/// A case is drawn by FsCheck as a seed and a few sizes; everything else is built from the seed, so a
/// failing case is reproduced exactly by its printed values.
module ProbLatent.Properties.LatentModelGenerators

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Numerics

/// Every property runs at least this many generated cases.
let cases = 100

let check (property: Property) =
    Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), property)

type Case =
    { Seed: int
      Count: int
      Dimension: int
      Latent: int }

/// A seed and sizes: Count data points of dimension Dimension, Latent components / latent dimensions / bits.
let caseOf (maxCount: int) (maxDimension: int) (minLatent: int) (maxLatent: int) =
    gen {
        let! seed = Gen.choose (0, Int32.MaxValue - 1)
        let! count = Gen.choose (1, maxCount)
        let! dimension = Gen.choose (1, maxDimension)
        let! latent = Gen.choose (minLatent, maxLatent)
        return { Seed = seed; Count = count; Dimension = dimension; Latent = latent }
    }
    |> Arb.fromGen

let uniform (r: Random) lo hi = lo + (hi - lo) * r.NextDouble()

let probabilities (r: Random) k =
    let raw = Array.init k (fun _ -> uniform r 0.05 1.0)
    let total = Array.sum raw
    raw |> Array.map (fun w -> w / total)

/// A random symmetric positive-definite d×d matrix, row-major: A Aᵀ + floor·I.
let spd (r: Random) d floor =
    let a = Array.init (d * d) (fun _ -> uniform r -1.0 1.0)
    Array.init (d * d) (fun idx ->
        let i, j = idx / d, idx % d
        let s = Seq.sum (seq { for k in 0 .. d - 1 -> a[i * d + k] * a[j * d + k] })
        if i = j then s + floor else s)

let gaussianMixture (r: Random) k d (covariance: Covariance) =
    let means = Array.init (k * d) (fun _ -> uniform r -4.0 4.0)
    let covariances =
        match covariance with
        | Covariance.Full -> Array.concat [ for _ in 1..k -> spd r d 0.2 ]
        | _ -> Array.init (k * d) (fun _ -> uniform r 0.2 3.0)
    GaussianMixture(probabilities r k, means, covariances, d, covariance)

let bernoulliMixture (r: Random) k d =
    BernoulliMixture(probabilities r k, Array.init (k * d) (fun _ -> uniform r 0.05 0.95), d)

let linearGaussian (r: Random) d q isotropic =
    let noise =
        if isotropic then Array.create d (uniform r 0.1 2.0)
        else Array.init d (fun _ -> uniform r 0.1 2.0)
    LinearGaussianModel(Array.init (d * q) (fun _ -> uniform r -2.0 2.0), Array.init d (fun _ -> uniform r -3.0 3.0), noise, q, isotropic)

let booleanLatent (r: Random) bits d =
    BooleanLatentModel(
        Array.init (d * bits) (fun _ -> uniform r -3.0 3.0),
        Array.init d (fun _ -> uniform r -2.0 2.0),
        Array.init bits (fun _ -> uniform r 0.1 0.9))

/// Data drawn from the model itself, so it has the model's support.
let dataFrom (model: ILatentModel) count (r: Random) = model.Generate(count, r).Data

/// An arbitrary q over S states per point, with some states given probability exactly zero.
let discreteQ (r: Random) count states =
    let table =
        Array.init count (fun _ ->
            let raw = Array.init states (fun _ -> if r.NextDouble() < 0.2 then 0.0 else uniform r 0.0 1.0)
            if Array.sum raw = 0.0 then raw[r.Next states] <- 1.0
            let total = Array.sum raw
            raw |> Array.map (fun p -> p / total))
    Array.concat table

/// An arbitrary Gaussian q per point: random means and covariances, shared or per point.
let gaussianQ (r: Random) count q shared =
    let means = Array.init (count * q) (fun _ -> uniform r -3.0 3.0)
    let covariances =
        if shared then spd r q 0.05
        else Array.concat [ for _ in 1..count -> spd r q 0.05 ]
    GaussianPosterior(means, covariances, count, q)

/// |a − b| within a relative tolerance of the larger magnitude (and an absolute floor near zero).
let close (tolerance: float) (a: float) (b: float) =
    abs (a - b) <= tolerance * max 1.0 (max (abs a) (abs b))
