namespace ProbLatent.Verification

open System
open MathNet.Numerics.LinearAlgebra
open ProbLatent.Backends.Vmp
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.Modeling
open ProbLatent.Modeling.Graph

/// The priors p(θ) of a VMP fit as distributions, rebuilt from what a user can see — the model's stated priors, the
/// VmpPriors given in the options, and the rules VmpPriors documents for the data-scaled defaults — and not read from
/// the engine, so a check built on them does not trust the engine's own account of its priors.
type VmpPriorSet private (options: VmpPriors, stated: (ModelParameter * ParameterPrior) list, latentStated: (ModelParameter * ParameterPrior) list, data: DataMatrix) =
    let d = data.Columns
    let n = data.Rows
    let unbiased = if n > 1 then float n / float (n - 1) else 1.0
    /// Column j's observed cells (all of them unless some are missing, as NaN).
    let observed j = seq { for r in 0 .. n - 1 do if not (Double.IsNaN data[r, j]) then yield data[r, j] }
    let columnMean j = Seq.average (observed j)
    let mean = Array.init d columnMean
    /// vⱼ: each column's unbiased variance (over its observed cells), 1 (before the correction) for a column without spread.
    let variances =
        Array.init d (fun j ->
            let m = mean[j]
            let v = Seq.average (seq { for x in observed j -> (x - m) ** 2.0 })
            (if v > 0.0 then v else 1.0) * unbiased)
    /// xₙⱼ − x̄ⱼ, 0 for a missing cell (one at its column's mean).
    let deviation r j = if Double.IsNaN data[r, j] then 0.0 else data[r, j] - mean[j]
    /// S: the unbiased covariance with a ridge of 10⁻⁶ vⱼ (the identity for a single row).
    let covariance =
        lazy
            (if n < 2 then Matrix<float>.Build.DenseIdentity d
             else
                 Matrix<float>.Build.Dense(d, d, fun a b ->
                     let s = Seq.average (seq { for r in 0 .. n - 1 -> deviation r a * deviation r b }) * unbiased
                     if a = b then s + 1e-6 * variances[a] else s))

    let statedOf (role: ParameterRole) =
        stated |> List.tryPick (fun (p, prior) -> if p.Role = role then Some prior else None)
    let statedPrior pick = stated |> List.tryPick (snd >> pick)
    let nullable (v: Nullable<float>) = if v.HasValue then Some v.Value else None

    let gaussianOnMeans = statedPrior (function :? GaussianParameterPrior as p -> Some p | _ -> None)
    let meanPrecision = gaussianOnMeans |> Option.map _.Precision |> Option.orElse (nullable options.MeanPrecision)
    let meanMean =
        match gaussianOnMeans with
        | Some g -> Some(if g.Mean.Count = 1 then Array.create d g.Mean[0] else Array.ofSeq g.Mean)
        | None -> options.MeanMean |> Option.ofObj |> Option.map Array.ofSeq
    let wishart = statedPrior (function :? WishartParameterPrior as p -> Some p | _ -> None)
    let gamma = statedPrior (function :? GammaParameterPrior as p -> Some p | _ -> None)
    let ard = statedPrior (function :? ArdParameterPrior as p -> Some p | _ -> None)
    let gammaShape = gamma |> Option.map _.Shape |> Option.orElse (nullable options.GammaShape)
    let gammaRate = gamma |> Option.map _.Rate |> Option.orElse (nullable options.GammaRate)
    // A Gamma stated on the noise alone leaves the ARD prior where the options put it (VmpPriors.ArdShape).
    let ardShape = ard |> Option.map _.Precision.Shape |> Option.orElse (nullable options.ArdShape) |> Option.orElse (nullable options.GammaShape)
    let ardRate = ard |> Option.map _.Precision.Rate |> Option.orElse (nullable options.ArdRate) |> Option.orElse (nullable options.GammaRate)

    /// The priors of a fit of `model` on `data` with VmpOptions.Priors = `options` (null: the defaults).
    static member For(model: Model, options: VmpPriors | null, data: DataMatrix) =
        ArgumentNullException.ThrowIfNull model
        ArgumentNullException.ThrowIfNull data
        let options = match options with | null -> VmpPriors() | o -> o
        // The priors on a conditioned latent's own parameters (z | c's means and precisions) are stated in its units and
        // set only its component priors; every other stated prior is in the data's.
        let conditioned = set [ for l in model.Graph.Latents do if not l.IsRoot then l.Name ]
        let all = [ for kv in model.Graph.Priors -> kv.Key, kv.Value ]
        let own, rest = all |> List.partition (fun (p, _) -> conditioned.Contains p.Owner)
        VmpPriorSet(options, rest, own, data)

    /// π ~ Dirichlet: the stated concentrations, else WeightConcentration on each of the k.
    member _.Weights(k: int) =
        match statedOf ParameterRole.Weights with
        | Some(:? DirichletParameterPrior as p) -> Dirichlet(Array.init k p.Concentration)
        | _ -> Dirichlet.Symmetric(k, options.WeightConcentration)

    /// m₀: given, else x̄ for a data-scaled mean prior and 0 for a given precision.
    member _.MeanMean = match meanMean with | Some m -> Array.copy m | None -> if meanPrecision.IsNone then Array.copy mean else Array.zeroCreate d

    /// A full-covariance component's mean: N(m₀, I/τ₀) given, else N(m₀, S).
    member p.FullMean =
        match meanPrecision with
        | Some t -> MultivariateGaussian(p.MeanMean, Matrix<float>.Build.DenseIdentity d / t)
        | None -> MultivariateGaussian(p.MeanMean, covariance.Force())

    /// A scalar mean of column j (diagonal components, PPCA/FA offsets): N(m₀ⱼ, 1/τ₀) given, else N(m₀ⱼ, vⱼ).
    member p.ColumnMean(j: int) =
        Gaussian(p.MeanMean[j], match meanPrecision with | Some t -> 1.0 / t | None -> variances[j])

    /// Λₖ ~ Wishart(a₀, rate B₀): B₀ = I/s₀ for a given scale, else (a₀/d)·S, so E[Λ] = d·S⁻¹.
    member _.FullPrecision =
        let shape, scale =
            match wishart with
            | Some w ->
                let shape = if w.Shape.HasValue then w.Shape.Value else float d
                shape, Some(if w.Scale.HasValue then w.Scale.Value else 1.0 / shape)
            | None -> options.ResolvedWishartShape d, nullable options.WishartScale
        match scale with
        | Some s -> Wishart.FromShapeAndRate(shape, Matrix<float>.Build.DenseIdentity d / s)
        | None -> Wishart.FromShapeAndRate(shape, covariance.Force() * (shape / float d))

    /// λₖⱼ of a diagonal component ~ Gamma(a, b): a = GammaShape or d/2, b = GammaRate or a·vⱼ/d.
    member _.DiagonalPrecision(j: int) =
        let shape = defaultArg gammaShape (float d / 2.0)
        Gamma(shape, defaultArg gammaRate (shape * variances[j] / float d))

    /// pₖⱼ ~ Beta(a, b).
    member _.Probability =
        match statedOf ParameterRole.Probabilities with
        | Some(:? BetaParameterPrior as b) -> Beta(b.A, b.B)
        | _ -> Beta(options.BetaA, options.BetaB)

    /// The noise precision of PPCA (one, `isotropic`) or of column j of factor analysis: Gamma(a, b) with a = GammaShape
    /// or VmpPriors.DefaultNoiseShape and b = GammaRate or a·u, u the column's variance (PPCA: the mean variance).
    member _.NoisePrecision(isotropic: bool, j: int) =
        let shape = defaultArg gammaShape VmpPriors.DefaultNoiseShape
        let unit = if isotropic then Array.average variances else variances[j]
        Gamma(shape, defaultArg gammaRate (shape * unit))

    /// αᵢ ~ Gamma(a, b), the ARD precision of a latent dimension: a = ArdShape or 1, b = ArdRate, or a when unset.
    member _.Relevance =
        let shape = defaultArg ardShape 1.0
        Gamma(shape, defaultArg ardRate shape)

    /// uⱼ in wⱼ ~ N(0, uⱼ diag(α)⁻¹): 1 for a given ARD rate, else vⱼ (PPCA: the mean variance).
    member _.LoadingUnit(isotropic: bool, j: int) =
        if ardRate.IsSome then 1.0
        elif isotropic then Array.average variances
        else variances[j]

    /// The prior stated on a conditioned latent's parameter of this role, if any.
    member private _.LatentStated(role: ParameterRole) =
        latentStated |> List.tryPick (fun (p, prior) -> if p.Role = role then Some prior else None)

    /// ξₖ of a Gaussian latent of `dimension` values whose parameters a categorical selects (a mixture of common factor
    /// analysers' z | c): a stated Gaussian N(m, I/τ), else N(0, I), a mixture's data-scaled mean prior in z's own
    /// units, which its standard normal fixes.
    member p.LatentMean(dimension: int) =
        match p.LatentStated ParameterRole.Means with
        | Some(:? GaussianParameterPrior as g) ->
            let m = if g.Mean.Count = 1 then Array.create dimension g.Mean[0] else Array.ofSeq g.Mean
            MultivariateGaussian(m, Matrix<float>.Build.DenseIdentity dimension / g.Precision)
        | _ -> MultivariateGaussian.Standard dimension

    /// ξₖᵢ of such a latent with diagonal precisions: a stated Gaussian's N(mᵢ, 1/τ), else N(0, 1) — coordinate i of LatentMean.
    member p.LatentColumnMean(i: int) =
        match p.LatentStated ParameterRole.Means with
        | Some(:? GaussianParameterPrior as g) -> Gaussian((if g.Mean.Count = 1 then g.Mean[0] else g.Mean[i]), 1.0 / g.Precision)
        | _ -> Gaussian(0.0, 1.0)

    /// Λₖ of such a latent: a stated Wishart (its shape, q by default, and rate I/scale, scale 1/shape by default), else
    /// Wishart(q/2, rate ½·I), so E[Λₖ] = q·I, as a mixture's E[Λ] = d·S⁻¹ with S = I.
    member p.LatentPrecision(dimension: int) =
        let identity = Matrix<float>.Build.DenseIdentity dimension
        match p.LatentStated ParameterRole.Precisions with
        | Some(:? WishartParameterPrior as w) ->
            let shape = if w.Shape.HasValue then w.Shape.Value else float dimension
            let scale = if w.Scale.HasValue then w.Scale.Value else 1.0 / shape
            Wishart.FromShapeAndRate(shape, identity / scale)
        | _ ->
            let shape = float dimension / 2.0
            Wishart.FromShapeAndRate(shape, identity * (shape / float dimension))

    /// λₖᵢ of such a latent with diagonal precisions: a stated Gamma, else Gamma(q/2, ½), so E[λₖᵢ] = q.
    member p.LatentDiagonalPrecision(dimension: int) =
        match p.LatentStated ParameterRole.Precisions with
        | Some(:? GammaParameterPrior as g) -> Gamma(g.Shape, g.Rate)
        | _ ->
            let shape = float dimension / 2.0
            Gamma(shape, shape / float dimension)
