/// Arbitrary variational distributions q(z) of a model's posterior form: an ELBO bound must hold for every q, not
/// only for the one a backend converged to. Each is drawn from one System.Random, so a seed reproduces it.
module ProbLatent.Verification.RandomPosteriors

open System
open ProbLatent.LatentModels
open ProbLatent.Verification.RandomModels

/// A q over `states` states per point (row-major, count × states), with about a fifth of the states given probability
/// exactly zero, so that 0 log 0 is exercised.
[<CompiledName("DiscreteTable")>]
let discreteTable (r: Random) count states =
    Array.init count (fun _ ->
        let raw = Array.init states (fun _ -> if r.NextDouble() < 0.2 then 0.0 else uniform r 0.0 1.0)
        if Array.sum raw = 0.0 then raw[r.Next states] <- 1.0
        let total = Array.sum raw
        raw |> Array.map (fun p -> p / total))
    |> Array.concat

/// An arbitrary q over the K states of a categorical latent.
[<CompiledName("Discrete")>]
let discrete (r: Random) count states = DiscretePosterior(discreteTable r count states, count, states)

/// An arbitrary q over the 2^bits joint states of boolean latents: a full table or, half the time, a mean-field product.
[<CompiledName("Boolean")>]
let boolean (r: Random) count bits =
    if r.NextDouble() < 0.5 then BooleanPosterior(discreteTable r count (1 <<< bits), count, bits)
    else BooleanPosterior.FromFactorized(Array.init (count * bits) (fun _ -> uniform r 0.01 0.99), count, bits)

/// An arbitrary q of a belief net's form over latent layers of the given bits (top first): a q(h₁ | xₙ) table per point
/// and a random conditional table for each layer above, each with some states of probability exactly zero.
[<CompiledName("BeliefNet")>]
let beliefNet (r: Random) count (bits: int list) =
    let bottomFirst = List.rev bits
    let bottom = BooleanPosterior(discreteTable r count (1 <<< List.head bottomFirst), count, List.head bottomFirst)
    let conditionals = List.pairwise bottomFirst |> List.map (fun (lower, upper) -> discreteTable r (1 <<< lower) (1 <<< upper))
    BeliefNetPosterior(bottom, ResizeArray conditionals)

/// An arbitrary Gaussian q per point: means in [−3, 3], covariances A Aᵀ + 0.05 I, one shared or one per point.
[<CompiledName("Gaussian")>]
let gaussian (r: Random) count q shared =
    let means = Array.init (count * q) (fun _ -> uniform r -3.0 3.0)
    let covariances =
        if shared then spd r q 0.05
        else Array.concat [ for _ in 1..count -> spd r q 0.05 ]
    GaussianPosterior(means, covariances, count, q)

/// An arbitrary diagonal Gaussian q per point: means in [−3, 3], log-variances in [−3, 1].
[<CompiledName("DiagonalGaussian")>]
let diagonalGaussian (r: Random) count q =
    DiagonalGaussianPosterior(Array.init (count * q) (fun _ -> uniform r -3.0 3.0), Array.init (count * q) (fun _ -> uniform r -3.0 1.0), count, q)

/// An arbitrary q of a mixture of factor analysers' form: responsibilities over `components` (some exactly zero) and,
/// per component, a Gaussian q(h | c = k) of dimension q.
[<CompiledName("FactorMixture")>]
let factorMixture (r: Random) count components q =
    FactorMixturePosterior(discrete r count components, [| for _ in 1..components -> gaussian r count q (r.NextDouble() < 0.5) |])

/// An arbitrary q of the same form and size as `posterior`, or None for a form this module does not know.
[<CompiledName("Like")>]
let like (posterior: IPosterior) (r: Random) : IPosterior option =
    match posterior with
    | :? BooleanPosterior as p -> Some(boolean r p.Count p.Bits)
    | :? BeliefNetPosterior as p -> Some(beliefNet r p.Count (List.ofSeq p.LayerBits))
    | :? DiscretePosterior as p -> Some(discrete r p.Count p.States)
    | :? GaussianPosterior as p -> Some(gaussian r p.Count p.Dimension (r.NextDouble() < 0.5))
    | :? DiagonalGaussianPosterior as p -> Some(diagonalGaussian r p.Count p.Dimension)
    | :? FactorMixturePosterior as p -> Some(factorMixture r p.Count p.Components p.LatentDimension)
    | _ -> None
