/// An independent Monte Carlo estimate of a VMP fit's ELBO, E_q[log p(x, z, θ) − log q(z, θ)], from draws θ ~ q(θ) (the
/// fit's public parameter posterior) and zₙ ~ q(zₙ) (its latent posterior; a categorical's states summed over, weighted by
/// q(cₙ), instead of drawn), with every log p and log q evaluated by
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

/// The component a draw is in: a mixture's state, or the state of a state and vector.
let private stateOf (z: LatentDraw) =
    match z with
    | State k
    | StateAndVector(k, _) -> k
    | other -> invalidArg "z" $"a mixture's latent is a component, got {other}"

let private vectorOf (z: LatentDraw) =
    match z with
    | Vector v
    | StateAndVector(_, v) -> v
    | other -> invalidArg "z" $"a linear-Gaussian model's latent is a vector, got {other}"

/// A draw with a categorical c: π ~ q(π) and the components' parameters drawn by `components` (given the generator),
/// which gives their log p and log q and, per component k, log p(xₙ | zₙ, θ) and log p(zₙ | cₙ = k, θ) beside log πₖ.
let private selectedDraw (priors: VmpPriorSet) (weightsPosterior: Dirichlet) (r: Random)
                         (components: Random -> float * float * ((float[] -> LatentDraw -> float) * (LatentDraw -> float))[]) =
    let weights = weightsPosterior.Sample r
    let logPrior, logPosterior, parts = components r
    let choice = Categorical weights
    Some
        { LogPrior = (priors.Weights weights.Length).LogDensity weights + logPrior
          LogPosterior = weightsPosterior.LogDensity weights + logPosterior
          LogLikelihood = fun x z -> (fst parts[stateOf z]) x z
          LogLatentPrior = fun z -> choice.LogDensity(stateOf z) + (snd parts[stateOf z]) z }

/// A mixture's draw, whose latent is its component alone: log p(xₙ | zₙ = k, θ) for each component k.
let private mixtureDraw (priors: VmpPriorSet) (weightsPosterior: Dirichlet) (r: Random)
                        (components: Random -> float * float * (float[] -> float)[]) =
    selectedDraw priors weightsPosterior r (fun r ->
        let logPrior, logPosterior, likelihoods = components r
        logPrior, logPosterior, likelihoods |> Array.map (fun l -> (fun x (_: LatentDraw) -> l x), (fun (_: LatentDraw) -> 0.0)))

/// μₖ ~ q(μₖ), Λₖ ~ q(Λₖ) of each full-covariance component, under the priors given: log p, log q and each N(μₖ, Λₖ⁻¹).
let private fullComponents (meanPrior: MultivariateGaussian) (precisionPrior: Wishart) (q: GaussianMixturePosterior) (r: Random) =
    let k = q.Means.Count
    let means = [| for m in q.Means -> m.Sample r |]
    let precisions = [| for w in q.Precisions -> w.Sample r |]
    sumOver [ 0 .. k - 1 ] (fun i -> meanPrior.LogDensity(means[i]) + precisionPrior.LogDensity(precisions[i])),
    sumOver [ 0 .. k - 1 ] (fun i -> q.Means[i].LogDensity(means[i]) + q.Precisions[i].LogDensity(precisions[i])),
    Array.init k (fun i -> MultivariateGaussian(means[i], covarianceOf precisions[i]))

/// The (component, column) cells of k components over d columns.
let private cells k d = [ for i in 0 .. k - 1 do for j in 0 .. d - 1 -> i, j ]

/// μₖⱼ ~ q(μₖⱼ), λₖⱼ ~ q(λₖⱼ) of each diagonal component, under the priors of column j given: log p, log q and each
/// N(μₖ, diag(λₖ)⁻¹).
let private diagonalComponents (meanPrior: int -> Gaussian) (precisionPrior: int -> Gamma) (q: DiagonalGaussianMixturePosterior) (r: Random) =
    let k, d = q.Means.Count, q.Means[0].Count
    let means = Array.init k (fun i -> Array.init d (fun j -> q.Means.[i].[j].Sample r))
    let precisions = Array.init k (fun i -> Array.init d (fun j -> q.Precisions.[i].[j].Sample r))
    sumOver (cells k d) (fun (i, j) -> (meanPrior j).LogDensity(means.[i].[j]) + (precisionPrior j).LogDensity(precisions.[i].[j])),
    sumOver (cells k d) (fun (i, j) -> q.Means.[i].[j].LogDensity(means.[i].[j]) + q.Precisions.[i].[j].LogDensity(precisions.[i].[j])),
    Array.init k (fun i -> DiagonalGaussian(means[i], precisions[i] |> Array.map (fun l -> 1.0 / l)))

/// log N(x_o) of a diagonal Gaussian over x's observed cells: a NaN is a missing cell, which integrates out of the product
/// of its coordinates' densities; the density itself when none is missing.
let private observedLogDensity (g: DiagonalGaussian) (x: float[]) =
    if Array.exists Double.IsNaN x then
        let o = [| for j in 0 .. x.Length - 1 do if not (Double.IsNaN x[j]) then yield j |]
        let mean, variance = g.Mean, g.Variance
        DiagonalGaussian(o |> Array.map (fun j -> mean[j]), o |> Array.map (fun j -> variance[j])).LogDensity(o |> Array.map (fun j -> x[j]))
    else g.LogDensity x

/// log N(x_o) of a Gaussian over x's observed cells: the marginal on the observed sub-mean and sub-covariance, a NaN
/// being a missing cell; the density itself when none is missing. The estimate is then of the bound with the missing
/// cells integrated out, which no q over them can exceed.
let private observedFullLogDensity (g: MultivariateGaussian) (x: float[]) =
    if Array.exists Double.IsNaN x then
        let o = [| for j in 0 .. x.Length - 1 do if not (Double.IsNaN x[j]) then yield j |]
        let mean, covariance = g.Mean, g.Covariance
        MultivariateGaussian(o |> Array.map (fun j -> mean[j]), Matrix<float>.Build.Dense(o.Length, o.Length, fun a b -> covariance[o[a], o[b]]))
            .LogDensity(o |> Array.map (fun j -> x[j]))
    else g.LogDensity x

/// One draw of a mixture's components from their posterior, the weights left out (a hidden Markov model's emissions use
/// none): their log p and log q under the priors, and each component's log p(x | θₖ) — full or diagonal Gaussians, or
/// Bernoulli pixels with the data's 1s as true; each over the observed cells where some are missing. None for a
/// posterior of another kind.
let emissionComponents (priors: VmpPriorSet) (posterior: IParameterPosterior) (r: Random) : (float * float * (float[] -> float)[]) option =
    match posterior with
    | :? GaussianMixturePosterior as q ->
        let logPrior, logPosterior, components = fullComponents priors.FullMean priors.FullPrecision q r
        Some(logPrior, logPosterior, components |> Array.map observedFullLogDensity)
    | :? DiagonalGaussianMixturePosterior as q ->
        let logPrior, logPosterior, components = diagonalComponents priors.ColumnMean priors.DiagonalPrecision q r
        Some(logPrior, logPosterior, components |> Array.map observedLogDensity)
    | :? BernoulliMixturePosterior as q ->
        let k, d = q.Probabilities.Count, q.Probabilities[0].Count
        let probabilities = Array.init k (fun i -> Array.init d (fun j -> q.Probabilities.[i].[j].Sample r))
        let pixels = Array.init k (fun i -> probabilities[i] |> Array.map Bernoulli)
        Some(sumOver (cells k d) (fun (i, j) -> priors.Probability.LogDensity(probabilities.[i].[j])),
             sumOver (cells k d) (fun (i, j) -> q.Probabilities.[i].[j].LogDensity(probabilities.[i].[j])),
             Array.init k (fun i -> fun (x: float[]) ->
                 sumOver [ 0 .. d - 1 ] (fun j -> if Double.IsNaN x[j] then 0.0 else pixels.[i].[j].LogDensity(x[j] > 0.5))))
    | _ -> None

/// q(π) Dirichlet, q(μₖ) Gaussian, q(Λₖ) Wishart: xₙ | zₙ = k ~ N(μₖ, Λₖ⁻¹).
let gaussianMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? GaussianMixturePosterior as q -> mixtureDraw priors q.Weights r (fun r -> (emissionComponents priors q r).Value)
        | _ -> None

/// q(π) Dirichlet, q(μₖⱼ) Gaussian, q(λₖⱼ) Gamma: xₙⱼ | zₙ = k ~ N(μₖⱼ, 1/λₖⱼ), over the observed cells where some are missing.
let diagonalGaussianMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? DiagonalGaussianMixturePosterior as q -> mixtureDraw priors q.Weights r (fun r -> (emissionComponents priors q r).Value)
        | _ -> None

/// q(π) Dirichlet, q(pₖⱼ) Beta: xₙⱼ | zₙ = k ~ Bernoulli(pₖⱼ), the data's 1s as true.
let bernoulliMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? BernoulliMixturePosterior as q -> mixtureDraw priors q.Weights r (fun r -> (emissionComponents priors q r).Value)
        | _ -> None

/// One linear-Gaussian decoder's draw — wⱼ, μⱼ ~ q Gaussian, τ and α ~ q Gamma, under wⱼ | α ~ N(0, uⱼ diag(α)⁻¹) — its
/// log p and log q, and log p(xₙ | z, θ) = Σⱼ log N(xₙⱼ; wⱼᵀz + μⱼ, 1/τⱼ) over the observed cells (a NaN is a missing cell,
/// independent of the others given z, which integrates out of the product).
let private linearDecoderDraw (priors: VmpPriorSet) (q: LinearGaussianPosterior) (r: Random) =
    let d, latent = q.Offsets.Count, q.ArdPrecisions.Count
    let isotropic = q.IsIsotropic
    let loadings = [| for w in q.Loadings -> w.Sample r |]
    let offsets = [| for m in q.Offsets -> m.Sample r |]
    // The precisions in logs: a mixture component no point reaches keeps q(τ) at its broad prior (shape 10⁻³), whose
    // draws underflow to 0, where log p and log q are both infinite; in logs both are finite and cancel in the ELBO.
    let logNoise = [| for t in q.NoisePrecisions -> t.SampleLog r |]
    let logRelevance = [| for a in q.ArdPrecisions -> a.SampleLog r |]
    let relevance = Array.map exp logRelevance
    let logTau j = logNoise[if isotropic then 0 else j]
    let rowPrior j = DiagonalGaussian(Array.zeroCreate latent, relevance |> Array.map (fun a -> priors.LoadingUnit(isotropic, j) / a))
    sumOver [ 0 .. latent - 1 ] (fun i -> priors.Relevance.LogDensityAtLog(logRelevance[i]))
    + sumOver [ 0 .. d - 1 ] (fun j -> (rowPrior j).LogDensity(loadings[j]) + (priors.ColumnMean j).LogDensity(offsets[j]))
    + sumOver [ 0 .. logNoise.Length - 1 ] (fun j -> (priors.NoisePrecision(isotropic, j)).LogDensityAtLog(logNoise[j])),
    sumOver [ 0 .. latent - 1 ] (fun i -> q.ArdPrecisions[i].LogDensityAtLog(logRelevance[i]))
    + sumOver [ 0 .. d - 1 ] (fun j -> q.Loadings[j].LogDensity(loadings[j]) + q.Offsets[j].LogDensity(offsets[j]))
    + sumOver [ 0 .. logNoise.Length - 1 ] (fun j -> q.NoisePrecisions[j].LogDensityAtLog(logNoise[j])),
    fun (x: float[]) (z: float[]) ->
        sumOver [ 0 .. d - 1 ] (fun j ->
            if Double.IsNaN x[j] then 0.0
            else
                let w = loadings[j]
                let m = offsets[j] + sumOver [ 0 .. latent - 1 ] (fun i -> w[i] * z[i])
                Gaussian.LogDensityAtLogPrecision(x[j], m, logTau j))

/// q(wⱼ), q(μⱼ) Gaussian, q(τ) and q(α) Gamma: zₙ ~ N(0, I), wⱼ | α ~ N(0, uⱼ diag(α)⁻¹), xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τⱼ).
let linearGaussian: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? LinearGaussianPosterior as q ->
            let logPrior, logPosterior, likelihood = linearDecoderDraw priors q r
            let standard = MultivariateGaussian.Standard q.ArdPrecisions.Count
            Some
                { LogPrior = logPrior
                  LogPosterior = logPosterior
                  LogLikelihood = fun x z -> likelihood x (vectorOf z)
                  LogLatentPrior = fun z -> standard.LogDensity(vectorOf z) }
        | _ -> None

/// q(π) Dirichlet and per component k a linear-Gaussian decoder's q (Ghahramani and Beal's Bayesian mixture of factor
/// analysers, or of PPCA, with ARD per component): cₙ ~ π, hₙ ~ N(0, I), xₙ | cₙ = k, hₙ from component k's decoder.
let factorAnalyserMixture: ParameterSampler =
    fun priors posterior r ->
        match posterior with
        | :? FactorAnalyserMixturePosterior as q ->
            selectedDraw priors q.Weights r (fun r ->
                let decoders = [| for c in q.Components -> linearDecoderDraw priors c r |]
                let standard = MultivariateGaussian.Standard q.Components[0].ArdPrecisions.Count
                decoders |> Array.sumBy (fun (p, _, _) -> p),
                decoders |> Array.sumBy (fun (_, p, _) -> p),
                decoders |> Array.map (fun (_, _, likelihood) -> (fun x z -> likelihood x (vectorOf z)), (fun z -> standard.LogDensity(vectorOf z))))
        | _ -> None

/// The mixture over the factors z (full: q(ξₖ) Gaussian, q(Λₖ) Wishart; diagonal: q(ξₖᵢ) Gaussian, q(λₖᵢ) Gamma, under
/// the priors in z's own units, VmpPriorSet.LatentMean and its kin) and one linear-Gaussian decoder all components share:
/// cₙ ~ π, zₙ | cₙ = k ~ N(ξₖ, Λₖ⁻¹), xₙ | zₙ from the decoder.
let commonFactorAnalyserMixture: ParameterSampler =
    fun priors posterior r ->
        let latentOf (q: CommonFactorAnalyserMixturePosterior) =
            match q.Factors with
            | :? GaussianMixturePosterior as f ->
                f.Weights, fun r ->
                    let p, l, gs = fullComponents (priors.LatentMean f.Means[0].Dimension) (priors.LatentPrecision f.Means[0].Dimension) f r
                    p, l, gs |> Array.map (fun g -> g.LogDensity)
            | :? DiagonalGaussianMixturePosterior as f ->
                let dimension = f.Means[0].Count
                f.Weights, fun r ->
                    let p, l, gs = diagonalComponents priors.LatentColumnMean (fun _ -> priors.LatentDiagonalPrecision dimension) f r
                    p, l, gs |> Array.map (fun g -> g.LogDensity)
            | other -> invalidArg "posterior" $"a mixture of common factor analysers' factors have a Gaussian mixture's posterior, got {other.GetType().Name}"
        match posterior with
        | :? CommonFactorAnalyserMixturePosterior as q ->
            let weights, components = latentOf q
            selectedDraw priors weights r (fun r ->
                let latentPrior, latentPosterior, densities = components r
                let decoderPrior, decoderPosterior, likelihood = linearDecoderDraw priors q.Decoder r
                latentPrior + decoderPrior,
                latentPosterior + decoderPosterior,
                densities |> Array.map (fun density -> (fun x z -> likelihood x (vectorOf z)), (fun z -> density (vectorOf z))))
        | _ -> None

/// The samplers for every parameter posterior VMP reports today; prepend your own for a new one.
[<CompiledName("Samplers")>]
let samplers: ParameterSampler list =
    [ gaussianMixture; diagonalGaussianMixture; bernoulliMixture; linearGaussian; factorAnalyserMixture; commonFactorAnalyserMixture ]

let private gaussianRow (q: GaussianPosterior) (n: int) =
    let dim = q.Dimension
    let c = q.Covariance(n).ToArray()
    MultivariateGaussian(q.Mean(n).ToArray(), Matrix<float>.Build.Dense(dim, dim, fun a b -> c[a * dim + b]))

/// For each row, the draws of q(zₙ) that stand for it, each with its weight and log q(zₙ) at it: one draw of a Gaussian
/// latent (weight 1), and for a categorical every state k with q(cₙ = k) > 0, weighted by it (with one draw of q(hₙ | k)
/// under each for a Gaussian it selects). The sum over the states is E over q(cₙ) in closed form (Rao–Blackwellised):
/// a component that q(cₙ) gives 10⁻⁵ counts by its weight in every draw, where drawing cₙ would reach it once in 10⁵
/// and leave its term — large where its q(θ) is still the broad prior — to a tail the standard error does not see.
let private latentSampler (q: IPosterior) : int -> Random -> (float * LatentDraw * float)[] =
    let categorical (q: DiscretePosterior) = Array.init q.Count (fun n -> q.Row(n).ToArray())
    let states (r: float[]) = [| for k in 0 .. r.Length - 1 do if r[k] > 0.0 then k |]
    match q with
    | :? FactorMixturePosterior as f ->
        let rows = categorical f.Responsibilities
        let components = Array.init f.Components (fun k -> Array.init f.Count (gaussianRow (f.Component k)))
        fun n r ->
            [| for c in states rows[n] do
                   let h = components.[c].[n].Sample r
                   rows.[n].[c], StateAndVector(c, h), log rows.[n].[c] + components.[c].[n].LogDensity h |]
    | :? DiscretePosterior as p when p.GetType() = typeof<DiscretePosterior> ->
        let rows = categorical p
        fun n _ -> [| for k in states rows[n] -> rows.[n].[k], State k, log rows.[n].[k] |]
    | :? GaussianPosterior as g ->
        let rows = Array.init g.Count (gaussianRow g)
        fun n r -> let v = rows[n].Sample r in [| 1.0, Vector v, rows[n].LogDensity v |]
    | other -> invalidArg "q" $"MonteCarloElbo has no sampler for a latent posterior of type {other.GetType().Name}"

let internal meanAndError (xs: float[]) =
    let m = Array.average xs
    let variance = if xs.Length > 1 then Array.sumBy (fun x -> (x - m) ** 2.0) xs / float (xs.Length - 1) else infinity
    m, sqrt (variance / float xs.Length)

/// The estimate of each term and of their sum from draws of (log p(x | z, θ), log p(z, θ), −log q(z, θ)).
let internal ofSamples (samples: (float * float * float)[]) =
    let term f = samples |> Array.map f |> meanAndError
    let l, le = term (fun (l, _, _) -> l)
    let p, pe = term (fun (_, p, _) -> p)
    let h, he = term (fun (_, _, h) -> h)
    let e, ee = term (fun (l, p, h) -> l + p + h)
    { Draws = samples.Length
      ExpectedLogLikelihood = l
      ExpectedLogLikelihoodError = le
      ExpectedLogPrior = p
      ExpectedLogPriorError = pe
      Entropy = h
      EntropyError = he
      Elbo = e
      ElboError = ee }

/// The estimate from `draws` draws of q(θ) and q(z) given as posteriors (a compiled model's, between sweeps), on the data
/// they are posteriors for, with the samplers given.
[<CompiledName("EstimateOf")>]
let estimateOf (samplers: ParameterSampler list) (priors: VmpPriorSet) (parameters: IParameterPosterior) (latents: IPosterior) (data: DataMatrix) (draws: int) (r: Random) =
    ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2)
    ArgumentNullException.ThrowIfNull parameters
    ArgumentNullException.ThrowIfNull latents
    if latents.Count <> data.Rows then
        invalidArg "data" $"q(z) covers {latents.Count} points, the data has {data.Rows}: pass the data it was fitted to"
    let latent = latentSampler latents
    let rows = Array.init data.Rows (fun n -> data.Row(n).ToArray())
    let draw () =
        let theta =
            samplers
            |> List.tryPick (fun s -> s priors parameters r)
            |> Option.defaultWith (fun () -> invalidArg "parameters" $"no ParameterSampler knows a parameter posterior of type {parameters.GetType().Name}: prepend one to MonteCarloElbo.samplers")
        let mutable likelihood, prior, entropy = 0.0, theta.LogPrior, -theta.LogPosterior
        for n in 0 .. rows.Length - 1 do
            for w, z, logQ in latent n r do
                likelihood <- likelihood + w * theta.LogLikelihood rows[n] z
                prior <- prior + w * theta.LogLatentPrior z
                entropy <- entropy - w * logQ
        likelihood, prior, entropy
    ofSamples (Array.init draws (fun _ -> draw ()))

/// The estimate from `draws` draws of the fit's q(θ) and q(z), on the data it was fitted to, with the samplers given.
[<CompiledName("EstimateWith")>]
let estimateWith (samplers: ParameterSampler list) (priors: VmpPriorSet) (fit: FitResult) (data: DataMatrix) (draws: int) (r: Random) =
    let posterior =
        match fit.ParameterPosterior with
        | null -> invalidArg "fit" $"the {fit.Backend} fit has no posterior over its parameters: this estimates a VMP fit's ELBO"
        | p -> p
    estimateOf samplers priors posterior fit.LatentPosterior data draws r

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
