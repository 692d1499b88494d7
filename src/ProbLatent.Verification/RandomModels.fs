/// Random parameters for every family whose log-likelihood is exact, well conditioned (covariances bounded away from
/// singular, probabilities away from 0 and 1), all drawn from one System.Random so that a seed reproduces them.
module ProbLatent.Verification.RandomModels

open System
open ProbLatent
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Modeling.Graph

/// A float uniform on [lo, hi).
[<CompiledName("Uniform")>]
let uniform (r: Random) lo hi = lo + (hi - lo) * r.NextDouble()

/// k probabilities, each at least 0.05 before normalising.
[<CompiledName("Probabilities")>]
let probabilities (r: Random) k =
    let raw = Array.init k (fun _ -> uniform r 0.05 1.0)
    let total = Array.sum raw
    raw |> Array.map (fun w -> w / total)

/// A symmetric positive-definite d×d matrix A Aᵀ + floor·I (A with entries in [−1, 1]), row-major.
[<CompiledName("SymmetricPositiveDefinite")>]
let spd (r: Random) d floor =
    let a = Array.init (d * d) (fun _ -> uniform r -1.0 1.0)
    Array.init (d * d) (fun idx ->
        let i, j = idx / d, idx % d
        let s = Seq.sum (seq { for k in 0 .. d - 1 -> a[i * d + k] * a[j * d + k] })
        if i = j then s + floor else s)

/// k Gaussians in d dimensions with means in [−4, 4] and full or diagonal covariances.
[<CompiledName("GaussianMixture")>]
let gaussianMixture (r: Random) k d (covariance: Covariance) =
    let means = Array.init (k * d) (fun _ -> uniform r -4.0 4.0)
    let covariances =
        match covariance with
        | Covariance.Full -> Array.concat [ for _ in 1..k -> spd r d 0.2 ]
        | _ -> Array.init (k * d) (fun _ -> uniform r 0.2 3.0)
    GaussianMixture(probabilities r k, means, covariances, d, covariance)

/// k components of d independent Bernoullis with probabilities in [0.05, 0.95].
[<CompiledName("BernoulliMixture")>]
let bernoulliMixture (r: Random) k d =
    BernoulliMixture(probabilities r k, Array.init (k * d) (fun _ -> uniform r 0.05 0.95), d)

/// k components of d independent categoricals over s symbols, every probability at least 0.05 of its row before normalising.
[<CompiledName("CategoricalMixture")>]
let categoricalMixture (r: Random) k d s =
    CategoricalMixture(probabilities r k, Array.concat [ for _ in 1 .. k * d -> probabilities r s ], d, s)

/// x = W z + μ + noise with q < d latent dimensions: isotropic noise (PPCA) or diagonal (factor analysis).
[<CompiledName("LinearGaussian")>]
let linearGaussian (r: Random) d q isotropic =
    let noise =
        if isotropic then Array.create d (uniform r 0.1 2.0)
        else Array.init d (fun _ -> uniform r 0.1 2.0)
    LinearGaussianModel(Array.init (d * q) (fun _ -> uniform r -2.0 2.0), Array.init d (fun _ -> uniform r -3.0 3.0), noise, q, isotropic)

/// `bits` boolean latents driving d Bernoullis through sigmoid(W z + b).
[<CompiledName("BooleanLatent")>]
let booleanLatent (r: Random) bits d =
    BooleanLatentModel(
        Array.init (d * bits) (fun _ -> uniform r -3.0 3.0),
        Array.init d (fun _ -> uniform r -2.0 2.0),
        Array.init bits (fun _ -> uniform r 0.1 0.9))

/// A sigmoid belief net with latent layers of the given bits (top first) driving d Bernoullis: the top layer's priors in
/// [0.1, 0.9], each layer below it and the data through sigmoid(W h + b) with weights in [−3, 3] and biases in [−2, 2].
[<CompiledName("BeliefNet")>]
let beliefNet (r: Random) (bits: int list) d =
    let outputs = (List.tail bits) @ [ d ]
    let layers =
        List.map2 (fun inputs outputs ->
            SigmoidLayer(Array.init (outputs * inputs) (fun _ -> uniform r -3.0 3.0), Array.init outputs (fun _ -> uniform r -2.0 2.0), inputs)) bits outputs
    BooleanLatentModel(Array.init (List.head bits) (fun _ -> uniform r 0.1 0.9), ResizeArray layers)

/// A mixture of k factor analysers (diagonal noise) or of k probabilistic PCAs (isotropic noise), each component a
/// random linear-Gaussian model with q < d factors, and weights each at least 0.05 before normalising.
[<CompiledName("MixtureOfFactorAnalysers")>]
let mixtureOfFactorAnalysers (r: Random) k d q isotropic =
    let weights = probabilities r k
    MixtureOfFactorAnalysers(weights, [| for _ in 1..k -> linearGaussian r d q isotropic |])

/// A mixture of k common factor analysers: k latent Gaussians over q < d factors with means in [−2, 2] and full or
/// diagonal covariances, read by one random linear-Gaussian decoder.
[<CompiledName("MixtureOfCommonFactorAnalysers")>]
let mixtureOfCommonFactorAnalysers (r: Random) k d q (latentCovariance: Covariance) isotropic =
    let weights = probabilities r k
    let means = Array.init (k * q) (fun _ -> uniform r -2.0 2.0)
    let covariances =
        match latentCovariance with
        | Covariance.Full -> Array.concat [ for _ in 1..k -> spd r q 0.2 ]
        | _ -> Array.init (k * q) (fun _ -> uniform r 0.2 2.0)
    let decoder = linearGaussian r d q isotropic
    MixtureOfCommonFactorAnalysers(weights, means, covariances, latentCovariance, decoder.Loadings.ToRowMajorArray(), Array.ofSeq decoder.Mean,
        Array.ofSeq decoder.NoiseVariances, isotropic)

/// Random parameters for a model description of any shape but a neural decoder's (whose networks have no such
/// generator: fit one instead), decided by the graph's parts: a categorical latent read by a per-component Gaussian or
/// Bernoulli, a standard normal one by a linear-Gaussian decoder, boolean latents in one chain read through sigmoids,
/// a categorical and a standard normal latent read by a per-component linear-Gaussian decoder, and a Gaussian latent given
/// a categorical one read by one linear-Gaussian decoder.
[<CompiledName("For")>]
let forModel (model: Model) (r: Random) : ILatentModel =
    let graph = model.Graph
    let d = graph.Observation.Dimension
    let decoder = graph.Observation.Decoder
    let unsupported () =
        raise (ArgumentException($"model '{model.Name}' ({graph}) has no random-parameter generator; fit it and check the fit instead", nameof model))
    match Option.ofObj (FactorMixtureShape.Of graph), Option.ofObj (CommonFactorMixtureShape.Of graph) with
    | None, None ->
        match List.ofSeq graph.Latents with
        | latents when latents.Length > 1 && latents |> List.forall (fun l -> l.Kind = LatentKind.Boolean) ->
            beliefNet r [ for l in latents -> l.Dimension ] d
        | [ latent ] ->
            match latent.Kind, decoder.Map, decoder.Likelihood with
            | LatentKind.Categorical, null, (:? GaussianLikelihood as g) -> gaussianMixture r latent.States.Value d g.Covariance
            | LatentKind.Categorical, null, (:? BernoulliLikelihood) -> bernoulliMixture r latent.States.Value d
            | LatentKind.Gaussian, (:? LinearDecoder), (:? GaussianLikelihood as g) when (latent.Prior :? StandardNormalPrior) && not g.FixedVariance.HasValue ->
                linearGaussian r d latent.Dimension (g.Covariance = Covariance.Isotropic)
            | LatentKind.Boolean, (:? LinearDecoder), (:? BernoulliLikelihood) -> booleanLatent r latent.Dimension d
            | _ -> unsupported ()
        | _ -> unsupported ()
    | None, Some common -> mixtureOfCommonFactorAnalysers r common.Components d common.LatentDimension common.LatentCovariance common.Isotropic
    | Some shape, _ -> mixtureOfFactorAnalysers r shape.Components d shape.LatentDimension shape.Isotropic
