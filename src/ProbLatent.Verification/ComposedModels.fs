/// Randomly composed model descriptions: the parts the library accepts, in the combinations it accepts, with random
/// sizes and stated parameter priors, built through the public fluent builder. A description is a plain value (so a
/// failing case prints it, and FsCheck shrinks it to smaller valid ones); `toModel` turns it into a Model, and the
/// `fitsWith…` predicates say which backends take it.
module ProbLatent.Verification.ComposedModels

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Modeling

/// What a categorical latent selects per component.
type ComponentPart =
    | FullGaussian
    | DiagonalGaussian
    | Bernoulli
    /// A linear-Gaussian decoder over a standard normal latent of `factors` dimensions: a mixture of factor analysers
    /// (diagonal noise) or of probabilistic PCA (isotropic noise).
    | LinearGaussian of factors: int * isotropic: bool
    /// The Gaussian of a latent z | c ~ N(ξ_c, Ω_c) of `factors` dimensions (full or diagonal Ω_c), which one linear-Gaussian
    /// decoder reads (diagonal or isotropic noise): a mixture of common factor analysers.
    | CommonFactors of factors: int * fullLatent: bool * isotropic: bool

/// A parameter prior stated in the model (Model.Prior(parameter, prior)).
type StatedPrior = { Parameter: string; Prior: ParameterPrior }

/// A composed model: its latents, its decoder, its observed dimension and the priors it states.
type Composition =
    /// c ~ Categorical(components), x | c from the component's part.
    | Mixture of components: int * part: ComponentPart * dimension: int * priors: StatedPrior list
    /// z ~ N(0, I_factors), x = W z + μ + noise, isotropic (PPCA) or diagonal (factor analysis).
    | Linear of factors: int * isotropic: bool * dimension: int * priors: StatedPrior list
    /// Boolean layers, top first, each driving the one below through sigmoid(W h + b), the last the observed bits.
    | BeliefNet of layers: int list * dimension: int

    member c.Dimension =
        match c with
        | Mixture(dimension = d)
        | Linear(dimension = d)
        | BeliefNet(dimension = d) -> d

    member c.Priors =
        match c with
        | Mixture(priors = p)
        | Linear(priors = p) -> p
        | BeliefNet _ -> []

    override c.ToString() =
        let priors (p: StatedPrior list) =
            if p.IsEmpty then "" else p |> List.map (fun s -> $"{s.Parameter} ~ {s.Prior}") |> String.concat ", " |> sprintf "; priors %s"
        match c with
        | Mixture(k, part, d, p) -> $"Mixture(K = {k}, {part}, d = {d}{priors p})"
        | Linear(q, iso, d, p) -> $"""Linear(q = {q}, {(if iso then "isotropic" else "diagonal")}, d = {d}{priors p})"""
        | BeliefNet(layers, d) -> $"BeliefNet(layers {layers}, d = {d})"

/// The description, through the public builder.
[<CompiledName("ToModel")>]
let toModel (composition: Composition) : Model =
    let stated (model: Model) (priors: StatedPrior list) = priors |> List.fold (fun (m: Model) s -> m.Prior(s.Parameter, s.Prior)) model
    match composition with
    | Mixture(k, part, d, priors) ->
        let latent = Model.Define("composed mixture").Latent("c", Prior.Categorical k)
        let model =
            match part with
            | FullGaussian -> latent.Decoder(Decoder.PerComponent(Likelihood.Gaussian Covariance.Full))
            | DiagonalGaussian -> latent.Decoder(Decoder.PerComponent(Likelihood.Gaussian Covariance.Diagonal))
            | Bernoulli -> latent.Decoder(Decoder.PerComponent(Likelihood.Bernoulli()))
            | LinearGaussian(q, isotropic) ->
                let noise = if isotropic then Covariance.Isotropic else Covariance.Diagonal
                latent.Latent("h", Prior.StandardNormal q).Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian noise)))
            | CommonFactors(q, full, isotropic) ->
                let omega = if full then Covariance.Full else Covariance.Diagonal
                let noise = if isotropic then Covariance.Isotropic else Covariance.Diagonal
                latent.Latent("z", Prior.StandardNormal(q).Given("c", Decoder.PerComponent(Likelihood.Gaussian omega))).Decoder(Decoder.Linear(Likelihood.Gaussian noise))
        stated (model.Observe("x", d)) priors
    | Linear(q, isotropic, d, priors) ->
        let noise = if isotropic then Covariance.Isotropic else Covariance.Diagonal
        let model = Model.Define("composed linear").Latent("z", Prior.StandardNormal q).Decoder(Decoder.Linear(Likelihood.Gaussian noise)).Observe("x", d)
        stated model priors
    | BeliefNet(layers, d) ->
        let names = [ for k in List.length layers .. -1 .. 1 -> $"h{k}" ]
        List.zip names layers
        |> List.fold
            (fun (model: Model, above: string option) (name, bits) ->
                let prior: Prior =
                    match above with
                    | None -> Prior.Bernoulli bits
                    | Some parent -> Prior.Bernoulli(bits).Given(parent, Decoder.Linear(Likelihood.Bernoulli()))
                model.Latent(name, prior), Some name)
            (Model.Define "composed belief net", None)
        |> fst
        |> fun m -> m.Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", d)

/// Whether EM fits it: every composition but one stating a prior on PPCA, factor analysis or a mixture of (common) factor
/// analysers (EM's MAP steps cover the Gaussian and Bernoulli mixtures' parameters only).
[<CompiledName("FitsWithEm")>]
let fitsWithEm (composition: Composition) =
    match composition with
    | Linear(priors = p) -> p.IsEmpty
    | Mixture(part = LinearGaussian _ | CommonFactors _; priors = p) -> p.IsEmpty
    | _ -> true

/// Whether VMP fits it, as the backend says: it compiles the model with Inference.Vmp() or refuses it (a belief net's
/// sigmoid factors are not conjugate). The kit's MonteCarloElbo draws θ from every parameter posterior VMP reports.
[<CompiledName("FitsWithVmp")>]
let fitsWithVmp (composition: Composition) =
    try
        (toModel composition).Compile(ProbLatent.Inference.Vmp()) |> ignore
        true
    with :? ProbLatent.BackendNotSupportedException -> false

// ---- generation --------------------------------------------------------------------------------------------------

let private between (lo: float) (hi: float) = Gen.choose (0, 1000) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1000.0)

/// Each of the priors, stated or not; the ranges keep every mode inside the support (Dirichlet and Beta above 1, Gamma
/// shape at least 1, Wishart shape at least (d + 1)/2), which EM's MAP steps need and VMP accepts.
let private optionally (g: Gen<StatedPrior>) = Gen.frequency [ 2, g |> Gen.map Some; 1, Gen.constant None ]

let private weightsPrior k =
    Gen.arrayOfLength k (between 1.0 6.0) |> Gen.map (fun a -> { Parameter = "weights"; Prior = ParameterPrior.Dirichlet a })

let private meansPrior parameter d =
    Gen.map2 (fun (m: float[]) t -> { Parameter = parameter; Prior = ParameterPrior.Gaussian(m, t) }) (Gen.arrayOfLength d (between -1.0 1.0)) (between 0.01 2.0)

/// A Wishart on a precision of `size` dimensions, its shape at least (size + 1)/2.
let private wishartPrior parameter size =
    Gen.map2 (fun a s -> { Parameter = parameter; Prior = ParameterPrior.Wishart(Nullable(float (size + 1) / 2.0 + a), Nullable s) }) (between 0.0 3.0) (between 0.1 2.0)

/// ARD on a linear decoder's loadings.
let private ardPrior parameter = Gen.map2 (fun a b -> { Parameter = parameter; Prior = ParameterPrior.Ard(a, b) }) (between 0.5 3.0) (between 0.5 3.0)

/// A Gamma on a noise precision (or on a latent's diagonal precisions), its shape at least 1.
let private gammaPrior parameter = Gen.map2 (fun a b -> { Parameter = parameter; Prior = ParameterPrior.Gamma(a, b) }) (between 1.0 4.0) (between 0.1 2.0)

let private priorsOf k part d : Gen<StatedPrior list> =
    let precisions =
        match part with
        | FullGaussian -> wishartPrior "precisions" d |> Gen.map Some
        | DiagonalGaussian -> Gen.map2 (fun a b -> Some { Parameter = "precisions"; Prior = ParameterPrior.Gamma(a, b) }) (between 1.0 4.0) (between 0.05 2.0)
        | _ -> Gen.constant None
    let probabilities =
        match part with
        | Bernoulli -> Gen.map2 (fun a b -> Some { Parameter = "probabilities"; Prior = ParameterPrior.Beta(a, b) }) (between 1.01 4.0) (between 1.01 4.0)
        | _ -> Gen.constant None
    let means =
        match part with
        | FullGaussian | DiagonalGaussian -> optionally (meansPrior "means" d)
        | _ -> Gen.constant None
    gen {
        let! w = optionally (weightsPrior k)
        let! m = means
        let! p = Gen.frequency [ 2, precisions; 1, Gen.constant None ]
        let! b = probabilities
        return List.choose id [ w; m; p; b ]
    }

/// VMP's priors on PPCA and factor analysis: ARD on the loadings, a Gaussian on the offsets, a Gamma on the noise.
let private linearPriors d : Gen<StatedPrior list> =
    gen {
        let! ard = optionally (ardPrior "loadings")
        let! mean = optionally (meansPrior "mean" d)
        let! noise = optionally (gammaPrior "precisions")
        return List.choose id [ ard; mean; noise ]
    }

/// A Gaussian with one mean for every coordinate, so that it stays valid as the sizes shrink.
let private scalarMeanPrior parameter =
    Gen.map2 (fun (m: float) (t: float) -> { Parameter = parameter; Prior = ParameterPrior.Gaussian(t, m) }) (between -1.0 1.0) (between 0.05 2.0)

/// VMP's priors on a mixture of factor analysers (per component: ARD loadings, Gaussian means, Gamma noise) or of common
/// factor analysers (the shared decoder's, and z | c's own: a Gaussian on its means, a Wishart or Gamma on its
/// precisions, in z's units), and the weights' Dirichlet.
let private factorPriors k part : Gen<StatedPrior list> =
    let decoder means precisions =
        [ optionally (ardPrior "x.loadings"); optionally (scalarMeanPrior means); optionally (gammaPrior precisions) ]
    let own =
        match part with
        | CommonFactors(q, full, _) ->
            let precisions = if full then wishartPrior "z.precisions" q else gammaPrior "z.precisions"
            [ optionally (scalarMeanPrior "z.means"); optionally precisions ] @ decoder "x.mean" "x.precisions"
        | _ -> decoder "x.means" "x.precisions"
    optionally (weightsPrior k) :: own
    |> List.fold (fun acc g -> gen { let! a = acc in let! p = g in return a @ Option.toList p }) (Gen.constant [])

let private mixture =
    gen {
        let! k = Gen.choose (1, 3)
        let! d = Gen.choose (1, 3)
        let! part =
            Gen.frequency
                [ 2, Gen.constant FullGaussian
                  2, Gen.constant DiagonalGaussian
                  2, Gen.constant Bernoulli
                  1, Gen.map2 (fun q iso -> LinearGaussian(q, iso)) (Gen.choose (1, 2)) (Gen.elements [ true; false ])
                  1, Gen.map3 (fun q full iso -> CommonFactors(q, full, iso)) (Gen.choose (1, 2)) (Gen.elements [ true; false ]) (Gen.elements [ true; false ]) ]
        let d =
            match part with
            | LinearGaussian(factors = q)
            | CommonFactors(factors = q) -> max d (q + 1)
            | _ -> d
        let! priors =
            match part with
            | LinearGaussian _
            | CommonFactors _ -> Gen.frequency [ 1, Gen.constant []; 1, factorPriors k part ]
            | _ -> priorsOf k part d
        return Mixture(k, part, d, priors)
    }

let private linear =
    gen {
        let! d = Gen.choose (2, 4)
        let! q = Gen.choose (1, d - 1)
        let! isotropic = Gen.elements [ true; false ]
        let! priors = Gen.frequency [ 1, Gen.constant []; 1, linearPriors d ]
        return Linear(q, isotropic, d, priors)
    }

let private beliefNet =
    gen {
        let! depth = Gen.choose (1, 3)
        let! layers = Gen.listOfLength depth (Gen.choose (1, 3))
        let! d = Gen.choose (1, 5)
        return BeliefNet(layers, d)
    }

/// Every composition the generator makes.
[<CompiledName("Any")>]
let any : Gen<Composition> = Gen.frequency [ 3, mixture; 2, linear; 1, beliefNet ]

/// The compositions a backend takes, by the predicate (fitsWithEm, fitsWithVmp).
[<CompiledName("Where")>]
let where (fits: Composition -> bool) : Gen<Composition> = any |> Gen.filter fits

/// Smaller compositions that stay valid: fewer components, factors, layers, bits or dimensions (keeping factors below
/// the dimension), fewer stated priors; a prior whose size follows the model's (a Dirichlet's, a Gaussian's mean) is
/// dropped when the size it follows shrinks.
[<CompiledName("Shrink")>]
let shrink (composition: Composition) : Composition seq =
    let fewerPriors (p: StatedPrior list) = seq { for i in 0 .. p.Length - 1 -> List.removeAt i p }
    let sized (p: StatedPrior list) = p |> List.filter (fun s -> not (s.Prior :? DirichletParameterPrior || s.Prior :? GaussianParameterPrior))
    let wishartFits d (p: StatedPrior list) =
        p |> List.forall (fun s -> match s.Prior with :? WishartParameterPrior as w -> w.Shape.Value >= float (d + 1) / 2.0 | _ -> true)
    match composition with
    | Mixture(k, part, d, p) ->
        seq {
            for p' in fewerPriors p -> Mixture(k, part, d, p')
            if k > 1 then yield Mixture(k - 1, part, d, sized p)
            match part with
            | LinearGaussian(q, iso) ->
                if q > 1 then yield Mixture(k, LinearGaussian(q - 1, iso), d, p)
                if d > q + 1 then yield Mixture(k, part, d - 1, p)
            | CommonFactors(q, full, iso) ->
                if q > 1 then yield Mixture(k, CommonFactors(q - 1, full, iso), d, p)
                if d > q + 1 then yield Mixture(k, part, d - 1, p)
            | _ -> if d > 1 then yield Mixture(k, part, d - 1, sized p)
        }
        |> Seq.filter (fun c -> wishartFits c.Dimension c.Priors)
    | Linear(q, iso, d, p) ->
        seq {
            for p' in fewerPriors p -> Linear(q, iso, d, p')
            if q > 1 then yield Linear(q - 1, iso, d, p)
            if d > q + 1 then yield Linear(q, iso, d - 1, sized p)
        }
    | BeliefNet(layers, d) ->
        seq {
            if layers.Length > 1 then yield BeliefNet(List.tail layers, d)
            for i in 0 .. layers.Length - 1 do
                if layers[i] > 1 then yield BeliefNet(List.updateAt i (layers[i] - 1) layers, d)
            if d > 1 then yield BeliefNet(layers, d - 1)
        }

/// The compositions a backend takes as an FsCheck Arbitrary, shrinking to smaller ones it still takes.
[<CompiledName("Arbitrary")>]
let arbitrary (fits: Composition -> bool) : Arbitrary<Composition> =
    Arb.fromGenShrink (where fits, fun c -> shrink c |> Seq.filter fits)
