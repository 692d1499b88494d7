/// An independent Monte Carlo estimate of a VMP fit's ELBO, E_q[log p(x, z, θ) − log q(z, θ)], from draws θ ~ q(θ) (the
/// fit's public parameter posterior) and zₙ ~ q(zₙ) (its latent posterior), with every log p and log q evaluated by
/// the Distributions' own densities — never by the engine's ELBO terms, its priors or its expectations. The estimate
/// comes by the ELBO's three terms, E[log p(x | z, θ)], E[log p(z, θ)] and H[q(z, θ)], each with its standard error.
///
/// A parameter posterior plugs in with one ParameterSampler: given the priors, the posterior and a generator, it draws
/// θ and gives log p(θ), log q(θ) and, for a row and a draw of its latent, log p(xₙ | zₙ, θ) and log p(zₙ | θ).
module ProbLatent.Verification.MonteCarloElbo

open System
open MathNet.Numerics.LinearAlgebra
open ProbLatent.Backends
open ProbLatent.Backends.Vmp
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.LatentModels

/// One draw of a point's latent from q(zₙ).
type LatentDraw =
    /// A categorical latent's state.
    | State of int
    /// A Gaussian latent's value.
    | Vector of float[]
    /// A component and the Gaussian latent under it (a mixture of factor analysers).
    | StateAndVector of int * float[]

/// One draw θ ~ q(θ) and the densities the estimate needs at it.
type ParameterDraw =
    { /// log p(θ) under the priors.
      LogPrior: float
      /// log q(θ) under the fit's posterior.
      LogPosterior: float
      /// log p(xₙ | zₙ, θ) for a row xₙ and a draw zₙ.
      LogLikelihood: float[] -> LatentDraw -> float
      /// log p(zₙ | θ).
      LogLatentPrior: LatentDraw -> float }

/// Draws θ from a parameter posterior of the type it knows (None for any other), given the fit's priors.
type ParameterSampler = VmpPriorSet -> IParameterPosterior -> Random -> ParameterDraw option

/// The estimate of each term and of the whole, over S draws, with standard errors (the sample deviation over √S).
type Estimate =
    { Draws: int
      ExpectedLogLikelihood: float
      ExpectedLogLikelihoodError: float
      ExpectedLogPrior: float
      ExpectedLogPriorError: float
      Entropy: float
      EntropyError: float
      Elbo: float
      ElboError: float }

let private sumOver (items: 'a seq) (f: 'a -> float) = Seq.sumBy f items

let private covarianceOf (precision: Matrix<float>) =
    let c = precision.Inverse()
    (c + c.Transpose()) * 0.5

let private stateOf (z: LatentDraw) =
    match z with
    | State k -> k
    | other -> invalidArg "z" $"a mixture's latent is a component, got {other}"

let private vectorOf (z: LatentDraw) =
    match z with
    | Vector v -> v
    | other -> invalidArg "z" $"a linear-Gaussian model's latent is a vector, got {other}"

/// A mixture's draw: π ~ q(π) and the components' parameters drawn by `components` (given the generator), which gives
/// their log p and log q and log p(xₙ | zₙ = k, θ) for each component k.
let private mixtureDraw (priors: VmpPriorSet) (weightsPosterior: Dirichlet) (r: Random)
                        (components: Random -> float * float * (float[] -> float)[]) =
    let weights = weightsPosterior.Sample r
    let logPrior, logPosterior, likelihoods = components r
    let choice = Categorical weights
    Some
        { LogPrior = (priors.Weights weights.Length).LogDensity weights + logPrior
          LogPosterior = weightsPosterior.LogDensity weights + logPosterior
          LogLikelihood = fun x z -> likelihoods[stateOf z] x
          LogLatentPrior = fun z -> choice.LogDensity(stateOf z) }

/// q(π) Dirichlet, q(μₖ) Gaussian, q(Λₖ) Wishart: xₙ | zₙ = k ~ N(μₖ, Λₖ⁻¹).
let gaussianMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? GaussianMixturePosterior as q ->
            mixtureDraw priors q.Weights r (fun r ->
                let k = q.Means.Count
                let means = [| for m in q.Means -> m.Sample r |]
                let precisions = [| for w in q.Precisions -> w.Sample r |]
                let meanPrior, precisionPrior = priors.FullMean, priors.FullPrecision
                sumOver [ 0 .. k - 1 ] (fun i -> meanPrior.LogDensity(means[i]) + precisionPrior.LogDensity(precisions[i])),
                sumOver [ 0 .. k - 1 ] (fun i -> q.Means[i].LogDensity(means[i]) + q.Precisions[i].LogDensity(precisions[i])),
                Array.init k (fun i -> MultivariateGaussian(means[i], covarianceOf precisions[i]).LogDensity))
        | _ -> None

/// The (component, column) cells of k components over d columns.
let private cells k d = [ for i in 0 .. k - 1 do for j in 0 .. d - 1 -> i, j ]

/// q(π) Dirichlet, q(μₖⱼ) Gaussian, q(λₖⱼ) Gamma: xₙⱼ | zₙ = k ~ N(μₖⱼ, 1/λₖⱼ).
let diagonalGaussianMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? DiagonalGaussianMixturePosterior as q ->
            mixtureDraw priors q.Weights r (fun r ->
                let k, d = q.Means.Count, q.Means[0].Count
                let means = Array.init k (fun i -> Array.init d (fun j -> q.Means.[i].[j].Sample r))
                let precisions = Array.init k (fun i -> Array.init d (fun j -> q.Precisions.[i].[j].Sample r))
                sumOver (cells k d) (fun (i, j) -> (priors.ColumnMean j).LogDensity(means.[i].[j]) + (priors.DiagonalPrecision j).LogDensity(precisions.[i].[j])),
                sumOver (cells k d) (fun (i, j) -> q.Means.[i].[j].LogDensity(means.[i].[j]) + q.Precisions.[i].[j].LogDensity(precisions.[i].[j])),
                Array.init k (fun i -> DiagonalGaussian(means[i], precisions[i] |> Array.map (fun l -> 1.0 / l)).LogDensity))
        | _ -> None

/// q(π) Dirichlet, q(pₖⱼ) Beta: xₙⱼ | zₙ = k ~ Bernoulli(pₖⱼ), the data's 1s as true.
let bernoulliMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? BernoulliMixturePosterior as q ->
            mixtureDraw priors q.Weights r (fun r ->
                let k, d = q.Probabilities.Count, q.Probabilities[0].Count
                let probabilities = Array.init k (fun i -> Array.init d (fun j -> q.Probabilities.[i].[j].Sample r))
                let pixels = Array.init k (fun i -> probabilities[i] |> Array.map Bernoulli)
                sumOver (cells k d) (fun (i, j) -> priors.Probability.LogDensity(probabilities.[i].[j])),
                sumOver (cells k d) (fun (i, j) -> q.Probabilities.[i].[j].LogDensity(probabilities.[i].[j])),
                Array.init k (fun i -> fun (x: float[]) -> sumOver [ 0 .. d - 1 ] (fun j -> pixels.[i].[j].LogDensity(x[j] > 0.5))))
        | _ -> None

/// q(wⱼ), q(μⱼ) Gaussian, q(τ) and q(α) Gamma: zₙ ~ N(0, I), wⱼ | α ~ N(0, uⱼ diag(α)⁻¹), xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τⱼ).
let linearGaussian: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? LinearGaussianPosterior as q ->
            let d, latent = q.Offsets.Count, q.ArdPrecisions.Count
            let isotropic = q.IsIsotropic
            let loadings = [| for w in q.Loadings -> w.Sample r |]
            let offsets = [| for m in q.Offsets -> m.Sample r |]
            let noise = [| for t in q.NoisePrecisions -> t.Sample r |]
            let relevance = [| for a in q.ArdPrecisions -> a.Sample r |]
            let tau j = noise[if isotropic then 0 else j]
            let rowPrior j = DiagonalGaussian(Array.zeroCreate latent, relevance |> Array.map (fun a -> priors.LoadingUnit(isotropic, j) / a))
            let standard = MultivariateGaussian.Standard latent
            Some
                { LogPrior =
                    sumOver [ 0 .. latent - 1 ] (fun i -> priors.Relevance.LogDensity(relevance[i]))
                    + sumOver [ 0 .. d - 1 ] (fun j -> (rowPrior j).LogDensity(loadings[j]) + (priors.ColumnMean j).LogDensity(offsets[j]))
                    + sumOver [ 0 .. noise.Length - 1 ] (fun j -> (priors.NoisePrecision(isotropic, j)).LogDensity(noise[j]))
                  LogPosterior =
                    sumOver [ 0 .. latent - 1 ] (fun i -> q.ArdPrecisions[i].LogDensity(relevance[i]))
                    + sumOver [ 0 .. d - 1 ] (fun j -> q.Loadings[j].LogDensity(loadings[j]) + q.Offsets[j].LogDensity(offsets[j]))
                    + sumOver [ 0 .. noise.Length - 1 ] (fun j -> q.NoisePrecisions[j].LogDensity(noise[j]))
                  LogLikelihood =
                    fun x z ->
                        let z = vectorOf z
                        sumOver [ 0 .. d - 1 ] (fun j ->
                            let w = loadings[j]
                            let m = offsets[j] + sumOver [ 0 .. latent - 1 ] (fun i -> w[i] * z[i])
                            Gaussian(m, 1.0 / tau j).LogDensity(x[j]))
                  LogLatentPrior = fun z -> standard.LogDensity(vectorOf z) }
        | _ -> None

/// The samplers for every parameter posterior VMP reports today; prepend your own for a new one.
[<CompiledName("Samplers")>]
let samplers: ParameterSampler list = [ gaussianMixture; diagonalGaussianMixture; bernoulliMixture; linearGaussian ]

let private gaussianRow (q: GaussianPosterior) (n: int) =
    let dim = q.Dimension
    let c = q.Covariance(n).ToArray()
    MultivariateGaussian(q.Mean(n).ToArray(), Matrix<float>.Build.Dense(dim, dim, fun a b -> c[a * dim + b]))

/// A sampler of q(zₙ) for each row: a draw and log q(zₙ) at it.
let private latentSampler (q: IPosterior) : int -> Random -> LatentDraw * float =
    let categorical (q: DiscretePosterior) = Array.init q.Count (fun n -> Categorical(q.Row(n).ToArray()))
    match q with
    | :? FactorMixturePosterior as f ->
        let rows = categorical f.Responsibilities
        let components = Array.init f.Components (fun k -> Array.init f.Count (gaussianRow (f.Component k)))
        fun n r ->
            let c = rows[n].Sample r
            let h = components.[c].[n].Sample r
            StateAndVector(c, h), rows[n].LogDensity c + components.[c].[n].LogDensity h
    | :? DiscretePosterior as p when p.GetType() = typeof<DiscretePosterior> ->
        let rows = categorical p
        fun n r -> let k = rows[n].Sample r in State k, rows[n].LogDensity k
    | :? GaussianPosterior as g ->
        let rows = Array.init g.Count (gaussianRow g)
        fun n r -> let v = rows[n].Sample r in Vector v, rows[n].LogDensity v
    | other -> invalidArg "q" $"MonteCarloElbo has no sampler for a latent posterior of type {other.GetType().Name}"

let private meanAndError (xs: float[]) =
    let m = Array.average xs
    let variance = if xs.Length > 1 then Array.sumBy (fun x -> (x - m) ** 2.0) xs / float (xs.Length - 1) else infinity
    m, sqrt (variance / float xs.Length)

/// The estimate from `draws` draws of the fit's q(θ) and q(z), on the data it was fitted to, with the samplers given.
[<CompiledName("EstimateWith")>]
let estimateWith (samplers: ParameterSampler list) (priors: VmpPriorSet) (fit: FitResult) (data: DataMatrix) (draws: int) (r: Random) =
    ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2)
    let posterior =
        match fit.ParameterPosterior with
        | null -> invalidArg "fit" $"the {fit.Backend} fit has no posterior over its parameters: this estimates a VMP fit's ELBO"
        | p -> p
    if fit.LatentPosterior.Count <> data.Rows then
        invalidArg "data" $"the fit's q(z) covers {fit.LatentPosterior.Count} points, the data has {data.Rows}: pass the data it was fitted to"
    let latent = latentSampler fit.LatentPosterior
    let rows = Array.init data.Rows (fun n -> data.Row(n).ToArray())
    let draw () =
        let theta =
            samplers
            |> List.tryPick (fun s -> s priors posterior r)
            |> Option.defaultWith (fun () -> invalidArg "fit" $"no ParameterSampler knows a parameter posterior of type {posterior.GetType().Name}: prepend one to MonteCarloElbo.samplers")
        let mutable likelihood, prior, entropy = 0.0, theta.LogPrior, -theta.LogPosterior
        for n in 0 .. rows.Length - 1 do
            let z, logQ = latent n r
            likelihood <- likelihood + theta.LogLikelihood rows[n] z
            prior <- prior + theta.LogLatentPrior z
            entropy <- entropy - logQ
        likelihood, prior, entropy
    let samples = Array.init draws (fun _ -> draw ())
    let term f = samples |> Array.map f |> meanAndError
    let l, le = term (fun (l, _, _) -> l)
    let p, pe = term (fun (_, p, _) -> p)
    let h, he = term (fun (_, _, h) -> h)
    let e, ee = term (fun (l, p, h) -> l + p + h)
    { Draws = draws
      ExpectedLogLikelihood = l
      ExpectedLogLikelihoodError = le
      ExpectedLogPrior = p
      ExpectedLogPriorError = pe
      Entropy = h
      EntropyError = he
      Elbo = e
      ElboError = ee }

/// The estimate with the samplers for every parameter posterior VMP reports today.
[<CompiledName("Estimate")>]
let estimate priors fit data draws r = estimateWith samplers priors fit data draws r

/// The reported ELBO and each of its terms agree with the estimate within `sigmas` standard errors plus an absolute
/// `slack` (for rounding, where a term's draws barely vary).
[<CompiledName("Agrees")>]
let agrees (sigmas: float) (slack: float) (reported: ElboTerms) (estimate: Estimate) : Verdict =
    let one name (value: float) (estimated: float) (error: float) =
        let holds = abs (value - estimated) <= sigmas * error + slack
        { Holds = holds
          Detail =
            sprintf "%s: reported %.10g %s estimate %.10g ± %.3g (off by %.3g standard errors)" name value (if holds then "≈" else "≠") estimated error
                ((value - estimated) / error) }
    Verdict.All
        [ one "ELBO" reported.Value estimate.Elbo estimate.ElboError
          one "E[log p(x | z, θ)]" reported.ExpectedLogLikelihood estimate.ExpectedLogLikelihood estimate.ExpectedLogLikelihoodError
          one "E[log p(z, θ)]" reported.ExpectedLogPrior estimate.ExpectedLogPrior estimate.ExpectedLogPriorError
          one "H[q(z, θ)]" reported.Entropy estimate.Entropy estimate.EntropyError ]
    |> fun v -> { v with Detail = $"{v.Detail}\n({estimate.Draws} draws of q(θ) and q(z))" }
