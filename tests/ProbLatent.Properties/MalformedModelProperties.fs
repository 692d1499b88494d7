/// Random model descriptions: each composition the library fits (the six families, the mixtures of factor analysers and of
/// common factor analysers, belief nets, Boltzmann machines, deep belief nets, hidden Markov models) at random sizes, with
/// up to three changes from the whole vocabulary of parts — a latent resized (to zero, negative, or beyond enumeration),
/// renamed (onto another's name or the observed one's), given another latent (earlier, later, itself, none) through any
/// decoder; the observed decoder replaced or dropped; the observation resized or dropped; a guide added; a stated prior
/// on a parameter the model has or lacks. Each is defined or refused by a ModelDefinitionException; every backend (and
/// Exact at the kit's random parameters, where it has them) compiles a defined one or refuses it by a
/// BackendNotSupportedException; and a compiled one fits tiny data of its dimension or stops with a ProbLatentException,
/// with no NaN in its trace, log p(x) or ELBO. Never a cast error, an index out of range or a null reference: the
/// composable-models issue's rule for bad descriptions, over far more shapes than the tests that name them.
module ProbLatent.Properties.MalformedModelProperties

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.Modeling
open ProbLatent.Properties.Generators

type PriorPart =
    | Categorical of int
    | StandardNormal of int
    | Bits of int
    | Chain of int
    | MixtureOfGaussians of Components: int * Dimension: int

type LikelihoodPart =
    | Gaussian of Covariance
    | GaussianVariance of float
    | Bernoulli

type DecoderPart =
    | PerComponent of LikelihoodPart * SelectedBy: string option
    | PerComponentLinear of LikelihoodPart * SelectedBy: string option * From: string option
    | Linear of LikelihoodPart * From: string option
    | Mlp of Hidden: int list * LikelihoodPart option * From: string option
    | Bilinear

type GuidePart =
    | GuideMlp of int list * PointMass: bool
    | GuideLinear of PointMass: bool

type PriorOnParameter =
    | Dirichlet of float list
    | Beta of float * float
    | GaussianOn of float
    | Wishart
    | Gamma of float * float
    | Ard

type LatentPart = { Name: string; Prior: PriorPart; Given: (string * DecoderPart) option }

type Description =
    { Latents: LatentPart list
      Decoder: DecoderPart option
      Observed: int option
      Guide: GuidePart option
      Priors: (string * PriorOnParameter) list }

/// Mostly valid and small, now and then zero, negative, or beyond exact enumeration of bits.
let private size = Gen.frequency [ 16, Gen.choose (1, 3); 1, Gen.elements [ -1; 0 ]; 1, Gen.constant 21 ]

let private rarely (bad: Gen<'a>) (good: Gen<'a>) = Gen.frequency [ 9, good; 1, bad ]

let private small = Gen.choose (1, 3)

let private priorPart =
    Gen.oneof
        [ Gen.map Categorical size
          Gen.map StandardNormal size
          Gen.map Bits size
          Gen.map Chain size
          Gen.map2 (fun k d -> MixtureOfGaussians(k, d)) size size ]

let private likelihood =
    Gen.oneof
        [ Gen.map Gaussian (Gen.elements [ Covariance.Full; Covariance.Diagonal; Covariance.Isotropic ])
          Gen.map GaussianVariance (rarely (Gen.elements [ 0.0; -1.0 ]) (Gen.constant 0.5))
          Gen.constant Bernoulli ]

let private latentNames = [ "c"; "z"; "h"; "h2"; "s"; "x"; "nowhere" ]

/// Which latent a decoder names with From or SelectedBy: mostly none (the graph resolves it), else any name.
let private wiring = Gen.frequency [ 2, Gen.constant None; 1, Gen.map Some (Gen.elements latentNames) ]

let private hidden = Gen.listOfLength 1 (rarely (Gen.constant 0) small)

let private decoder =
    Gen.oneof
        [ Gen.map2 (fun l s -> PerComponent(l, s)) likelihood wiring
          Gen.map3 (fun l s f -> PerComponentLinear(l, s, f)) likelihood wiring wiring
          Gen.map2 (fun l f -> Linear(l, f)) likelihood wiring
          Gen.map3 (fun h l f -> Mlp(h, l, f)) hidden (Gen.optionOf likelihood) wiring
          Gen.constant Bilinear ]

let private parameterNames =
    [ "weights"; "means"; "precisions"; "loadings"; "probabilities"; "bias"; "mean"; "transitions"; "initial"; "c.weights"; "x.means"
      "z.means"; "x.loadings"; "x.precisions"; "nothing" ]

let private priorOnParameter =
    Gen.oneof
        [ Gen.map Dirichlet (Gen.elements [ [ 2.0 ]; [ 1.0; 2.0; 3.0 ]; [ -1.0 ] ])
          Gen.map2 (fun a b -> Beta(a, b)) (Gen.elements [ 2.0; 0.5; -1.0 ]) (Gen.elements [ 2.0; 0.0 ])
          Gen.map GaussianOn (Gen.elements [ 0.1; 0.0 ])
          Gen.constant Wishart
          Gen.map2 (fun a b -> Gamma(a, b)) (Gen.elements [ 2.0; 0.0 ]) (Gen.elements [ 1.0; -1.0 ])
          Gen.constant Ard ]

let private latentOf name prior = { Name = name; Prior = prior; Given = None }

/// The compositions the library fits — the six families, the mixtures of factor analysers and of common factor analysers,
/// belief nets, Boltzmann machines and deep belief nets, hidden Markov models — at random small sizes.
let private template =
    gen {
        let! k = small
        let! q = small
        let! n = small
        let! covariance = Gen.elements [ Covariance.Full; Covariance.Diagonal ]
        let! noise = Gen.elements [ Covariance.Isotropic; Covariance.Diagonal ]
        let! emission = Gen.elements [ Gaussian Covariance.Diagonal; Gaussian Covariance.Full; Bernoulli ]
        let! output = Gen.elements [ Some Bernoulli; Some(Gaussian Covariance.Diagonal); None ]
        let! width = small
        return!
            Gen.elements
                [ [ latentOf "c" (Categorical k) ], PerComponent(Gaussian covariance, None)
                  [ latentOf "c" (Categorical k) ], PerComponent(Bernoulli, None)
                  [ latentOf "z" (StandardNormal q) ], Linear(Gaussian noise, None)
                  [ latentOf "z" (StandardNormal q) ], Mlp([ width ], output, None)
                  [ latentOf "z" (MixtureOfGaussians(k, q)) ], Mlp([ width ], output, None)
                  [ latentOf "c" (Categorical k); latentOf "z" (StandardNormal q) ], PerComponentLinear(Gaussian noise, None, None)
                  [ latentOf "c" (Categorical k); { latentOf "z" (StandardNormal q) with Given = Some("c", PerComponent(Gaussian covariance, None)) } ],
                  Linear(Gaussian noise, None)
                  [ latentOf "h" (Bits n) ], Linear(Bernoulli, None)
                  [ latentOf "h2" (Bits k); { latentOf "h" (Bits n) with Given = Some("h2", Linear(Bernoulli, None)) } ], Linear(Bernoulli, None)
                  [ latentOf "h" (Bits n) ], Bilinear
                  [ latentOf "h2" (Bits k); { latentOf "h" (Bits n) with Given = Some("h2", Bilinear) } ], Linear(Bernoulli, None)
                  [ latentOf "s" (Chain k) ], PerComponent(emission, None) ]
    }

/// One change to a description: most turn a composition that is fitted into one that must be refused, some into
/// another that is fitted.
type Mutation =
    | ResizeLatent of Index: int * PriorPart
    | RewireLatent of Index: int * (string * DecoderPart) option
    | RenameLatent of Index: int * string
    | ReplaceDecoder of DecoderPart option
    | ResizeObserved of int option
    | AddGuide of GuidePart
    | AddPrior of string * PriorOnParameter

let private mutation =
    Gen.oneof
        [ Gen.map2 (fun i p -> ResizeLatent(i, p)) (Gen.choose (0, 2)) priorPart
          Gen.map2 (fun i g -> RewireLatent(i, g)) (Gen.choose (0, 2)) (Gen.optionOf (Gen.zip (Gen.elements latentNames) decoder))
          Gen.map2 (fun i n -> RenameLatent(i, n)) (Gen.choose (0, 2)) (Gen.elements latentNames)
          Gen.map ReplaceDecoder (Gen.optionOf decoder)
          Gen.map ResizeObserved (Gen.elements [ None; Some 0; Some -2; Some 1; Some 5 ])
          Gen.map AddGuide (Gen.oneof [ Gen.map2 (fun h p -> GuideMlp(h, p)) hidden (Gen.elements [ false; true ]); Gen.map GuideLinear (Gen.elements [ false; true ]) ])
          Gen.map AddPrior (Gen.zip (Gen.elements parameterNames) priorOnParameter) ]

let private mutate (d: Description) m =
    let at i f = d.Latents |> List.mapi (fun j l -> if j = i % d.Latents.Length then f l else l)
    match m with
    | ResizeLatent(i, prior) -> { d with Latents = at i (fun l -> { l with Prior = prior }) }
    | RewireLatent(i, given) -> { d with Latents = at i (fun l -> { l with Given = given }) }
    | RenameLatent(i, name) -> { d with Latents = at i (fun l -> { l with Name = name }) }
    | ReplaceDecoder decoder -> { d with Decoder = decoder }
    | ResizeObserved observed -> { d with Observed = observed }
    | AddGuide guide -> { d with Guide = Some guide }
    | AddPrior(name, prior) -> { d with Priors = d.Priors @ [ name, prior ] }

/// A composition the library fits, at random sizes, with its observed dimension, and none to three changes to it.
let private description =
    gen {
        let! latents, decoder = template
        let! observed = Gen.choose (1, 4)
        let! count = Gen.frequency [ 3, Gen.constant 0; 3, Gen.constant 1; 2, Gen.constant 2; 1, Gen.constant 3 ]
        let! mutations = Gen.listOfLength count mutation
        let fitted = { Latents = latents; Decoder = Some decoder; Observed = Some observed; Guide = None; Priors = [] }
        return mutations |> List.fold mutate fitted
    }

// ---- building the description through the fluent API ------------------------------------------------------------

let private toLikelihood part : Likelihood =
    match part with
    | Gaussian covariance -> Likelihood.Gaussian covariance
    | GaussianVariance v -> Likelihood.GaussianWithVariance v
    | Bernoulli -> Likelihood.Bernoulli()

let private toDecoder part : Decoder =
    let from (d: LinearDecoder) f = match f with Some name -> d.From name | None -> d
    match part with
    | PerComponent(l, selector) ->
        let d = Decoder.PerComponent(toLikelihood l)
        match selector with Some name -> d.SelectedBy name | None -> d
    | PerComponentLinear(l, selector, input) ->
        let d = Decoder.PerComponent(from (Decoder.Linear(toLikelihood l)) input)
        match selector with Some name -> d.SelectedBy name | None -> d
    | Linear(l, input) -> from (Decoder.Linear(toLikelihood l)) input
    | Mlp(hidden, l, input) ->
        let d = Decoder.Mlp(Array.ofList hidden)
        let d = match l with Some l -> d.WithLikelihood(toLikelihood l) | None -> d
        match input with Some name -> d.From name | None -> d
    | Bilinear -> Energy.Bilinear()

let private toPrior part : Prior =
    match part with
    | Categorical k -> Prior.Categorical k
    | StandardNormal d -> Prior.StandardNormal d
    | Bits n -> Prior.Bernoulli n
    | Chain k -> Prior.MarkovChain(Prior.Categorical k)
    | MixtureOfGaussians(k, d) -> Prior.MixtureOfGaussians(k, d)

let private toParameterPrior part : ParameterPrior =
    match part with
    | Dirichlet values -> ParameterPrior.Dirichlet(Array.ofList values)
    | Beta(a, b) -> ParameterPrior.Beta(a, b)
    | GaussianOn precision -> ParameterPrior.Gaussian precision
    | Wishart -> ParameterPrior.Wishart()
    | Gamma(shape, rate) -> ParameterPrior.Gamma(shape, rate)
    | Ard -> ParameterPrior.Ard()

/// The model the description states, built in the order a user writes it; its graph is validated.
let private build (d: Description) =
    let mutable model = Model.Define "fuzzed"
    for l in d.Latents do
        let prior = toPrior l.Prior
        let prior = match l.Given with Some(parent, conditional) -> prior.Given(parent, toDecoder conditional) | None -> prior
        model <- model.Latent(l.Name, prior)
    match d.Decoder with
    | Some Bilinear -> model <- model.Energy(Energy.Bilinear())
    | Some part -> model <- model.Decoder(toDecoder part)
    | None -> ()
    match d.Guide with
    | Some(GuideMlp(hidden, pointMass)) ->
        let e = Encoder.Mlp(Array.ofList hidden)
        model <- model.Guide(if pointMass then e.PointMass() else e)
    | Some(GuideLinear pointMass) -> model <- model.Guide(if pointMass then Encoder.Linear().PointMass() else Encoder.Linear())
    | None -> ()
    match d.Observed with
    | Some dimension -> model <- model.Observe("x", dimension)
    | None -> ()
    for parameter, prior in d.Priors do
        model <- model.Prior(parameter, toParameterPrior prior)
    model.Validate() |> ignore
    model

// ---- the law ------------------------------------------------------------------------------------------------------

let private backends () : IBackend list =
    [ Inference.Exact()
      Inference.Em(restarts = 1, maxIterations = 3)
      Inference.Vmp(restarts = 1, maxIterations = 3)
      Inference.Reparameterized(epochs = 1, batchSize = 8)
      Inference.Contrastive(epochs = 1, batchSize = 8) ]

/// Tiny data of the model's dimension and support: bits for a Bernoulli likelihood or an energy, reals otherwise.
let private dataFor (model: Model) (seed: int) =
    let r = Random seed
    let d = (nonNull model.Observed).Dimension
    let binary = (nonNull model.DecoderSpec).Likelihood :? BernoulliLikelihood
    let rows = 12
    let values = Array.init (rows * d) (fun _ -> if binary then float (r.Next 2) else r.NextDouble() * 4.0 - 2.0)
    DataMatrix(values, rows, d)

let private unexpected (stage: string) (d: Description) (e: exn) =
    failwithf "%s raised %s, not a clear refusal, for %A:\n%s" stage (e.GetType().Name) d (e.ToString())

let private noNaN (d: Description) (backend: string) (fit: FitResult) =
    if fit.Trace |> Seq.exists Double.IsNaN then failwithf "%s reported NaN in its trace for %A" backend d
    if fit.HasLogLikelihood && Double.IsNaN fit.LogLikelihood then failwithf "%s reported log p(x) = NaN for %A" backend d
    if fit.HasElbo && Double.IsNaN fit.Elbo.Value then failwithf "%s reported an ELBO of NaN for %A" backend d

[<CaseProperty(CasesPercent = 300)>]
let ``a random description is defined or refused by name, each backend compiles or refuses it, and a compiled one fits or stops clearly`` () =
    forCases (Gen.zip description (Gen.choose (0, 1_000_000))) (fun (d, seed) ->
        let model =
            try Some(build d) with
            | :? ModelDefinitionException -> None
            | e -> unexpected "defining the model" d e
        match model with
        | None -> ()
        | Some model ->
            // Exact evaluates given parameters: the kit's random ones where it has a generator for the composition.
            let parameters =
                try Some(ProbLatent.Verification.RandomModels.forModel model (Random seed)) with
                | :? ArgumentException
                | :? ProbLatentException -> None
            let exactAtParameters = parameters |> Option.map (fun p -> Inference.Exact p :> IBackend) |> Option.toList
            for backend in backends () @ exactAtParameters do
                let compiled =
                    try Some(model.Compile backend) with
                    | :? BackendNotSupportedException -> None
                    | e -> unexpected $"compiling with {backend.Name}" d e
                match compiled with
                | None -> ()
                | Some compiled ->
                    let fit =
                        try Some(compiled.Fit(dataFor model seed)) with
                        | :? ProbLatentException -> None
                        | e -> unexpected $"fitting with {backend.Name}" d e
                    fit |> Option.iter (noNaN d backend.Name))
