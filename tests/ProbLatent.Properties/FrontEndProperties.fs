/// The F# front end builds exactly the description the C# fluent API builds — by pipelines and by the computation
/// expression, for every family, size and option — and its settings give exactly the backends C# gives.
module ProbLatent.Properties.FrontEndProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.FSharp
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification.RandomModels

type CSharp = ProbLatent.Modeling.Model

/// One random choice of every option a family has, drawn from the case's seed. An option is drawn as a pair: the F#
/// case and the C# value it must stand for, written out here rather than mapped by the front end under test.
type Choices =
    { Covariance: Covariance * Modeling.Covariance
      LinearCovariance: Covariance * Modeling.Covariance
      Activation: Activation * Modeling.Activation
      Hidden: int list
      EncoderHidden: int list
      Variance: float
      Symbols: int }

let pick (r: Random) (xs: 'a list) = xs[r.Next xs.Length]

let choices (r: Random) =
    { Covariance = pick r [ Full, Modeling.Covariance.Full; Diagonal, Modeling.Covariance.Diagonal ]
      LinearCovariance = pick r [ Diagonal, Modeling.Covariance.Diagonal; Isotropic, Modeling.Covariance.Isotropic ]
      Activation =
        pick r [ Tanh, Modeling.Activation.Tanh; Relu, Modeling.Activation.Relu; Softplus, Modeling.Activation.Softplus
                 Sigmoid, Modeling.Activation.Sigmoid; Identity, Modeling.Activation.Identity ]
      Hidden = List.init (r.Next 3) (fun _ -> 1 + r.Next 20)
      EncoderHidden = List.init (r.Next 3) (fun _ -> 1 + r.Next 20)
      Variance = uniform r 0.01 3.0
      Symbols = 2 + r.Next 5 }

/// The same likelihoods, in F# and in C#: Gaussian of the case's covariance, Bernoulli, fixed-variance Gaussian, categorical.
let likelihoods (o: Choices) =
    [ Likelihood.gaussian (fst o.Covariance), Modeling.Likelihood.Gaussian(snd o.Covariance) :> Modeling.Likelihood
      Likelihood.bernoulli, Modeling.Likelihood.Bernoulli()
      Likelihood.gaussianWithVariance o.Variance, Modeling.Likelihood.GaussianWithVariance o.Variance
      Likelihood.categorical o.Symbols, Modeling.Likelihood.Categorical o.Symbols ]

/// Every family and composition, three ways: F# pipelines, the F# computation expression, the C# fluent API.
let descriptions (c: Case) (o: Choices) =
    let k, d, q = c.Latent, c.Dimension, c.Latent
    let mixtureLikelihood, csMixtureLikelihood = likelihoods o |> List.item ([ 0; 1; 3 ] |> List.item (c.Seed % 3))
    let vaeLikelihood, csVaeLikelihood = likelihoods o |> List.item (1 + c.Seed % 2)
    let linearCovariance, csLinearCovariance = o.LinearCovariance
    let activation, csActivation = o.Activation
    [ // a mixture (Gaussian, Bernoulli or categorical)
      Model.define "m" |> Model.latent "z" (Prior.categorical k) |> Model.decoder (Decoder.perComponent mixtureLikelihood) |> Model.observe "x" d,
      model "m" { latent "z" (Prior.categorical k); decoder (Decoder.perComponent mixtureLikelihood); observe "x" d },
      CSharp.Define("m").Latent("z", Modeling.Prior.Categorical k).Decoder(Modeling.Decoder.PerComponent csMixtureLikelihood).Observe("x", d)
      // PPCA or factor analysis
      Model.define "m" |> Model.latent "z" (Prior.standardNormal q) |> Model.decoder (Decoder.linear (Likelihood.gaussian linearCovariance)) |> Model.observe "x" d,
      model "m" { latent "z" (Prior.standardNormal q); decoder (Decoder.linear (Likelihood.gaussian linearCovariance)); observe "x" d },
      CSharp.Define("m").Latent("z", Modeling.Prior.StandardNormal q).Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Gaussian csLinearCovariance)).Observe("x", d)
      // boolean latents
      Model.define "m" |> Model.latent "z" (Prior.bernoulli q) |> Model.decoder (Decoder.linear Likelihood.bernoulli) |> Model.observe "x" d,
      model "m" { latent "z" (Prior.bernoulli q); decoder (Decoder.linear Likelihood.bernoulli); observe "x" d },
      CSharp.Define("m").Latent("z", Modeling.Prior.Bernoulli q).Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli())).Observe("x", d)
      // a VAE with a standard normal prior and an encoder guide
      Model.define "m"
      |> Model.latent "z" (Prior.standardNormal q)
      |> Model.decoder (Decoder.mlp o.Hidden vaeLikelihood |> Decoder.activation activation)
      |> Model.observe "x" d
      |> Model.guide (Encoder.mlp o.EncoderHidden |> Encoder.activation activation),
      model "m" {
          latent "z" (Prior.standardNormal q)
          decoder (Decoder.mlp o.Hidden vaeLikelihood |> Decoder.activation activation)
          observe "x" d
          guide (Encoder.mlp o.EncoderHidden |> Encoder.activation activation)
      },
      CSharp.Define("m")
          .Latent("z", Modeling.Prior.StandardNormal q)
          .Decoder(Modeling.Decoder.Mlp(Array.ofList o.Hidden).WithActivation(csActivation), csVaeLikelihood)
          .Observe("x", d)
          .Guide(Modeling.Encoder.Mlp(Array.ofList o.EncoderHidden).WithActivation(csActivation))
      // a VAE with a mixture-of-Gaussians prior and a linear guide
      Model.define "m" |> Model.latent "z" (Prior.mixtureOfGaussians k q) |> Model.decoder (Decoder.mlp o.Hidden vaeLikelihood) |> Model.observe "x" d |> Model.guide Encoder.linear,
      model "m" { latent "z" (Prior.mixtureOfGaussians k q); decoder (Decoder.mlp o.Hidden vaeLikelihood); observe "x" d; guide Encoder.linear },
      CSharp.Define("m").Latent("z", Modeling.Prior.MixtureOfGaussians(k, q)).Decoder(Modeling.Decoder.Mlp(Array.ofList o.Hidden), csVaeLikelihood).Observe("x", d).Guide(Modeling.Encoder.Linear())
      // a mixture of factor analysers or of PPCA, with priors stated on its parameters
      Model.define "m"
      |> Model.latent "c" (Prior.categorical k)
      |> Model.latent "h" (Prior.standardNormal q)
      |> Model.decoder (Decoder.perComponentOf (Decoder.linear (Likelihood.gaussian linearCovariance)) |> Decoder.selectedBy "c" |> Decoder.from "h")
      |> Model.observe "x" d
      |> Model.prior "weights" (ParameterPrior.dirichlet o.Variance)
      |> Model.prior "x.loadings" (ParameterPrior.ard o.Variance 1.0)
      |> Model.prior "means" (ParameterPrior.gaussianAround (List.replicate d o.Variance) 0.5),
      model "m" {
          latent "c" (Prior.categorical k)
          latent "h" (Prior.standardNormal q)
          decoder (Decoder.perComponentOf (Decoder.linear (Likelihood.gaussian linearCovariance)) |> Decoder.selectedBy "c" |> Decoder.from "h")
          observe "x" d
          prior "weights" (ParameterPrior.dirichlet o.Variance)
          prior "x.loadings" (ParameterPrior.ard o.Variance 1.0)
          prior "means" (ParameterPrior.gaussianAround (List.replicate d o.Variance) 0.5)
      },
      CSharp.Define("m")
          .Latent("c", Modeling.Prior.Categorical k)
          .Latent("h", Modeling.Prior.StandardNormal q)
          .Decoder(Modeling.Decoder.PerComponent(Modeling.Decoder.Linear(Modeling.Likelihood.Gaussian csLinearCovariance)).SelectedBy("c").From("h"))
          .Observe("x", d)
          .Prior("weights", Modeling.ParameterPrior.Dirichlet o.Variance)
          .Prior("x.loadings", Modeling.ParameterPrior.Ard(o.Variance, 1.0))
          .Prior("means", Modeling.ParameterPrior.Gaussian(Array.replicate d o.Variance, 0.5))
      // a two-layer sigmoid belief net, and a Gaussian whose parameters a categorical selects
      Model.define "m"
      |> Model.latent "h2" (Prior.bernoulli k)
      |> Model.latent "h1" (Prior.bernoulli q |> Prior.given "h2" (Decoder.linear Likelihood.bernoulli))
      |> Model.decoder (Decoder.linear Likelihood.bernoulli)
      |> Model.observe "x" d
      |> Model.prior "h2.probabilities" (ParameterPrior.beta 1.0 o.Variance),
      model "m" {
          latent "h2" (Prior.bernoulli k)
          latent "h1" (Prior.bernoulli q |> Prior.given "h2" (Decoder.linear Likelihood.bernoulli))
          decoder (Decoder.linear Likelihood.bernoulli)
          observe "x" d
          prior "h2.probabilities" (ParameterPrior.beta 1.0 o.Variance)
      },
      CSharp.Define("m")
          .Latent("h2", Modeling.Prior.Bernoulli k)
          .Latent("h1", Modeling.Prior.Bernoulli(q).Given("h2", Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli())))
          .Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli()))
          .Observe("x", d)
          .Prior("h2.probabilities", Modeling.ParameterPrior.Beta(1.0, o.Variance))
      Model.define "m"
      |> Model.latent "c" (Prior.categorical k)
      |> Model.latent "z" (Prior.standardNormal q |> Prior.given "c" (Decoder.perComponent (Likelihood.gaussian (fst o.Covariance))))
      |> Model.decoder (Decoder.linear (Likelihood.gaussian linearCovariance) |> Decoder.from "z")
      |> Model.observe "x" d
      |> Model.prior "z.precisions" (if fst o.Covariance = Full then ParameterPrior.wishartWith (float q) o.Variance else ParameterPrior.gamma 1.0 o.Variance),
      model "m" {
          latent "c" (Prior.categorical k)
          latent "z" (Prior.standardNormal q |> Prior.given "c" (Decoder.perComponent (Likelihood.gaussian (fst o.Covariance))))
          decoder (Decoder.linear (Likelihood.gaussian linearCovariance) |> Decoder.from "z")
          observe "x" d
          prior "z.precisions" (if fst o.Covariance = Full then ParameterPrior.wishartWith (float q) o.Variance else ParameterPrior.gamma 1.0 o.Variance)
      },
      CSharp.Define("m")
          .Latent("c", Modeling.Prior.Categorical k)
          .Latent("z", Modeling.Prior.StandardNormal(q).Given("c", Modeling.Decoder.PerComponent(Modeling.Likelihood.Gaussian(snd o.Covariance))))
          .Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Gaussian csLinearCovariance).From("z"))
          .Observe("x", d)
          .Prior("z.precisions",
                 if snd o.Covariance = Modeling.Covariance.Full then Modeling.ParameterPrior.Wishart(float q, o.Variance) :> Modeling.ParameterPrior
                 else Modeling.ParameterPrior.Gamma(1.0, o.Variance))
      // a restricted Boltzmann machine: boolean hidden units joined to the data by a bilinear energy
      Model.define "m" |> Model.latent "h" (Prior.bernoulli q) |> Model.energy Energy.bilinear |> Model.observe "x" d,
      model "m" { latent "h" (Prior.bernoulli q); energy Energy.bilinear; observe "x" d },
      CSharp.Define("m").Latent("h", Modeling.Prior.Bernoulli q).Energy(Modeling.Energy.Bilinear()).Observe("x", d)
      // a hidden Markov model: a chain over the steps whose state selects the emission's parameters
      Model.define "m" |> Model.latent "z" (Prior.markovChain (Prior.categorical k)) |> Model.decoder (Decoder.perComponent mixtureLikelihood) |> Model.observe "x" d,
      model "m" { latent "z" (Prior.markovChain (Prior.categorical k)); decoder (Decoder.perComponent mixtureLikelihood); observe "x" d },
      CSharp.Define("m").Latent("z", Modeling.Prior.MarkovChain(Modeling.Prior.Categorical k)).Decoder(Modeling.Decoder.PerComponent csMixtureLikelihood).Observe("x", d)
      // a plain autoencoder: a point-mass guide
      Model.define "m" |> Model.latent "z" (Prior.standardNormal q) |> Model.decoder (Decoder.mlp o.Hidden vaeLikelihood) |> Model.observe "x" d
      |> Model.guide (Encoder.mlp o.EncoderHidden |> Encoder.activation activation |> Encoder.pointMass),
      model "m" {
          latent "z" (Prior.standardNormal q)
          decoder (Decoder.mlp o.Hidden vaeLikelihood)
          observe "x" d
          guide (Encoder.mlp o.EncoderHidden |> Encoder.activation activation |> Encoder.pointMass)
      },
      CSharp.Define("m").Latent("z", Modeling.Prior.StandardNormal q).Decoder(Modeling.Decoder.Mlp(Array.ofList o.Hidden), csVaeLikelihood).Observe("x", d)
          .Guide(Modeling.Encoder.Mlp(Array.ofList o.EncoderHidden).WithActivation(csActivation).PointMass())
      // a Gaussian-mixture VAE: a categorical c, z | c from the component's Gaussian, a neural decoder and the guide q(c | x) q(z | x, c)
      Model.define "m" |> Model.latent "c" (Prior.categorical k)
      |> Model.latent "z" (Prior.standardNormal q |> Prior.given "c" (Decoder.perComponent (Likelihood.gaussian Diagonal)))
      |> Model.decoder (Decoder.mlp o.Hidden vaeLikelihood) |> Model.observe "x" d |> Model.guide (Encoder.mlp o.EncoderHidden),
      model "m" {
          latent "c" (Prior.categorical k)
          latent "z" (Prior.standardNormal q |> Prior.given "c" (Decoder.perComponent (Likelihood.gaussian Diagonal)))
          decoder (Decoder.mlp o.Hidden vaeLikelihood)
          observe "x" d
          guide (Encoder.mlp o.EncoderHidden)
      },
      CSharp.Define("m").Latent("c", Modeling.Prior.Categorical k)
          .Latent("z", Modeling.Prior.StandardNormal(q).Given("c", Modeling.Decoder.PerComponent(Modeling.Likelihood.Gaussian(Modeling.Covariance.Diagonal))))
          .Decoder(Modeling.Decoder.Mlp(Array.ofList o.Hidden), csVaeLikelihood).Observe("x", d).Guide(Modeling.Encoder.Mlp(Array.ofList o.EncoderHidden)) ]

[<CaseProperty>]
let ``F# pipelines, the F# computation expression and the C# fluent API give equal model descriptions`` () =
    Prop.forAll (caseOf 1 10 1 6) (fun c ->
        let o = choices (Random c.Seed)
        descriptions c o
        |> List.forall (fun (pipeline: CSharp, expression: CSharp, csharp: CSharp) ->
            pipeline = csharp && expression = csharp && pipeline.GetHashCode() = csharp.GetHashCode() && string pipeline = string csharp)
        |> Prop.label (sprintf "%A" o))

/// The check has power: a description that differs in one part is not equal.
[<Fact>]
let ``Descriptions that differ in one part are not equal`` () =
    let vae activation =
        model "m" { latent "z" (Prior.standardNormal 2); decoder (Decoder.mlp [ 4 ] Likelihood.bernoulli |> Decoder.activation activation); observe "x" 3 }
    Assert.NotEqual<CSharp>(vae Tanh, vae Relu)
    let guided encoder = (vae Tanh) |> Model.guide encoder
    Assert.NotEqual<CSharp>(guided (Encoder.mlp [ 4 ]), guided (Encoder.mlp [ 4 ] |> Encoder.pointMass))
    Assert.NotEqual<CSharp>(model "m" { latent "z" (Prior.categorical 2); decoder (Decoder.perComponent (Likelihood.gaussian Full)); observe "x" 2 },
                            model "m" { latent "z" (Prior.categorical 2); decoder (Decoder.perComponent (Likelihood.gaussian Diagonal)); observe "x" 2 })
    let mfa wiring priorWeight =
        model "m" {
            latent "c" (Prior.categorical 2)
            latent "h" (Prior.standardNormal 1)
            decoder (Decoder.perComponentOf (Decoder.linear (Likelihood.gaussian Diagonal)) |> wiring)
            observe "x" 3
            prior "weights" (ParameterPrior.dirichlet priorWeight)
        }
    Assert.Equal<CSharp>(mfa id 1.0, mfa id 1.0)
    Assert.NotEqual<CSharp>(mfa id 1.0, mfa (Decoder.from "h") 1.0)
    Assert.NotEqual<CSharp>(mfa id 1.0, mfa id 2.0)
    let sbn condition =
        model "m" { latent "a" (Prior.bernoulli 2); latent "b" (Prior.bernoulli 2 |> condition); decoder (Decoder.linear Likelihood.bernoulli |> Decoder.from "b"); observe "x" 3 }
    Assert.NotEqual<CSharp>(sbn (Prior.given "a" (Decoder.linear Likelihood.bernoulli)), sbn (Prior.given "a" (Decoder.linear Likelihood.bernoulli |> Decoder.from "a")))

[<CaseProperty>]
let ``F# settings give the backends the C# Inference functions give`` () =
    Prop.forAll (caseOf 1 1 1 1) (fun c ->
        let r = Random c.Seed
        let restarts, seed, iterations = 1 + r.Next 9, r.Next 1000, 1 + r.Next 500
        let tolerance, scale = uniform r -1.0 1.0, uniform r 1e-3 10.0
        let em = Backend.em { Restarts = restarts; Seed = seed; MaxIterations = iterations; Tolerance = tolerance; Regularization = scale }
        let meanMean = if r.Next 2 = 0 then None else Some(List.init (1 + r.Next 4) (fun _ -> uniform r -2.0 2.0))
        let betaA, betaB = uniform r 0.1 5.0, uniform r 0.1 5.0
        let priors =
            { VmpPriorSettings.Default with
                WeightConcentration = scale
                MeanPrecision = (if r.Next 2 = 0 then None else Some(scale / 2.0))
                MeanMean = meanMean
                WishartShape = (if r.Next 2 = 0 then None else Some(scale + 1.0))
                WishartScale = (if r.Next 2 = 0 then None else Some scale)
                GammaShape = Some(scale + 2.0)
                GammaRate = (if r.Next 2 = 0 then None else Some(scale + 1.0))
                BetaA = betaA
                BetaB = betaB }
        let start = pick r [ Backends.Vmp.VmpStart.KMeansPlusPlus; Backends.Vmp.VmpStart.RandomPointMasses ]
        let vmp = Backend.vmp { Restarts = restarts; Seed = seed; MaxIterations = iterations; Tolerance = tolerance; Priors = priors; Start = start; StartFrom = None }
        let patience = if r.Next 2 = 0 then None else Some(1 + r.Next 5)
        let optimizer, csOptimizer = pick r [ Adam, Backends.Reparameterized.Optimizer.Adam; Sgd, Backends.Reparameterized.Optimizer.Sgd ]
        // Several draws per point, or importance samples, never both.
        let samples, importanceSamples = if r.Next 2 = 0 then restarts, 1 else 1, restarts
        let reparameterizedSettings =
            { Epochs = iterations; BatchSize = restarts * 10; LearningRate = scale; Seed = seed; Samples = samples; ImportanceSamples = importanceSamples
              Optimizer = optimizer; Patience = patience; LogLikelihoodSamples = restarts + 1; ElboSamples = restarts + 2 }
        let reparameterized = Backend.reparameterized reparameterizedSettings
        let csPriors =
            Backends.Vmp.VmpPriors(
                WeightConcentration = scale, MeanPrecision = Option.toNullable priors.MeanPrecision,
                MeanMean = (match meanMean with
                            | Some m -> Array.ofList m :> Collections.Generic.IReadOnlyList<float> | null
                            | None -> null),
                WishartShape = Option.toNullable priors.WishartShape, WishartScale = Option.toNullable priors.WishartScale,
                GammaShape = Nullable(scale + 2.0), GammaRate = Option.toNullable priors.GammaRate, BetaA = betaA, BetaB = betaB)
        let vmpOptions = (vmp :?> Backends.Vmp.VmpBackend).Options
        let csVmpOptions = Inference.Vmp(restarts, seed, iterations, tolerance, csPriors, start).Options
        let sameEm = (em :?> Backends.Em.EmBackend).Options = Inference.Em(restarts, seed, iterations, tolerance, scale).Options
        // C# record equality compares a prior mean list by reference: with one, compare field by field through the F# records.
        let sameVmp =
            match meanMean with
            | None -> vmpOptions = csVmpOptions
            | Some m -> VmpSettings.Of vmpOptions = VmpSettings.Of csVmpOptions && (VmpSettings.Of vmpOptions).Priors.MeanMean = Some m
        let reparameterizedOptions = (reparameterized :?> Backends.Reparameterized.ReparameterizedBackend).Options
        let sameReparameterized =
            reparameterizedOptions =
                Inference.Reparameterized(iterations, restarts * 10, scale, seed, samples, importanceSamples, csOptimizer, Option.toNullable patience, restarts + 1, restarts + 2).Options
        let roundTrip =
            EmSettings.Of((em :?> Backends.Em.EmBackend).Options) = { Restarts = restarts; Seed = seed; MaxIterations = iterations; Tolerance = tolerance; Regularization = scale }
            && VmpSettings.Of vmpOptions = { Restarts = restarts; Seed = seed; MaxIterations = iterations; Tolerance = tolerance; Priors = priors; Start = start; StartFrom = None }
            && ReparameterizedSettings.Of reparameterizedOptions = reparameterizedSettings
        sameEm && sameVmp && sameReparameterized && roundTrip)

[<Fact>]
let ``Default settings are the C# defaults`` () =
    Assert.Equal(Inference.Em().Options, (Backend.em EmSettings.Default :?> Backends.Em.EmBackend).Options)
    // The F# default spells its priors out where C# leaves them unset: compare the priors resolved, and the rest.
    let vmpOf (o: Backends.Vmp.VmpOptions) = o.Restarts, o.Seed, o.MaxIterations, o.Tolerance, o.ResolvedPriors, o.Start, o.StartFrom
    Assert.Equal(vmpOf (Inference.Vmp().Options), vmpOf (Backend.vmp VmpSettings.Default :?> Backends.Vmp.VmpBackend).Options)
    Assert.Equal(Inference.Reparameterized().Options, (Backend.reparameterized ReparameterizedSettings.Default :?> Backends.Reparameterized.ReparameterizedBackend).Options)
    Assert.Equal(Inference.Contrastive().Options, (Backend.contrastive ContrastiveSettings.Default :?> Backends.Contrastive.ContrastiveBackend).Options)
    // Every field of ContrastiveOptions reaches F# and comes back, MonitorRows and AIS's included.
    let contrastive =
        Backends.Contrastive.ContrastiveOptions(3, true, 7, 25, 0.02, 0.5, 1e-4, 9, LatentModels.AisOptions(Chains = 20, Temperatures = 50, Seed = 4), 123, 7)
    Assert.Equal(contrastive, (ContrastiveSettings.Of contrastive).ToOptions())
    Assert.Equal(Inference.ScoreFunction().Options, (Backend.scoreFunction ScoreFunctionSettings.Default :?> Backends.ScoreFunction.ScoreFunctionBackend).Options)
    // Every field of ScoreFunctionOptions reaches F# and comes back, an unset EvaluationRows included.
    for rows in [ Some 40; None ] do
        let scoreFunction =
            Backends.ScoreFunction.ScoreFunctionOptions(Backends.ScoreFunction.ScoreEstimator.Nvil, 3, 7, 25, 0.02, 9, 50, Option.toNullable rows, 123, 0.6)
        Assert.Equal(scoreFunction, (ScoreFunctionSettings.Of scoreFunction).ToOptions())

[<Fact>]
let ``A sigmoid belief net declared in F# trains by the score function to its IWAE estimate, as the C# one does`` () =
    let fsharp =
        Model.define "sbn2"
        |> Model.latent "h2" (Prior.bernoulli 3)
        |> Model.latent "h1" (Prior.bernoulli 4 |> Prior.given "h2" (Decoder.linear Likelihood.bernoulli))
        |> Model.decoder (Decoder.linear Likelihood.bernoulli)
        |> Model.observe "x" 6
        |> Model.guide (Encoder.mlp [ 8 ])
    let csharp =
        Modeling.Model.Define("sbn2").Latent("h2", Modeling.Prior.Bernoulli 3)
            .Latent("h1", Modeling.Prior.Bernoulli(4).Given("h2", Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli())))
            .Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli())).Observe("x", 6).Guide(Modeling.Encoder.Mlp 8)
    Assert.Equal(csharp, fsharp)
    let r = Random 5
    let bits = Data.DataMatrix(Array.init (80 * 6) (fun i -> if (i / 6 % 2 = 0) = (i % 6 < 3) <> (r.NextDouble() < 0.1) then 1.0 else 0.0), 80, 6)
    let settings = { ScoreFunctionSettings.Default with Estimator = Nvil; Samples = 2; Epochs = 3; BatchSize = 20; EvaluationSamples = 20 }
    let fit = fsharp |> Model.fit (Backend.scoreFunction settings) bits
    let same = csharp.Compile(Inference.ScoreFunction(Backends.ScoreFunction.ScoreEstimator.Nvil, 2, 3, 20, evaluationSamples = 20)).Fit(bits)
    Assert.IsType<LatentModels.BooleanLatentModel>(fit.Parameters) |> ignore
    // The same seed and settings train the same net: the F# settings are the C# options, field for field.
    Assert.Equal(same.Elbo.Value, fit.Elbo.Value)
    Assert.Equal((if same.HasLogLikelihood then Some same.LogLikelihood else None), fit.LogLikelihood)
    Assert.True(fit.LogLikelihood.IsSome)

[<Fact>]
let ``A deep belief net declared in F# is the C# one and fits greedily to a bound with its standard error`` () =
    let fsharp =
        Model.define "dbn"
        |> Model.latent "h2" (Prior.bernoulli 2)
        |> Model.latent "h1" (Prior.bernoulli 3 |> Prior.joined "h2" Energy.bilinear)
        |> Model.decoder (Decoder.linear Likelihood.bernoulli)
        |> Model.observe "x" 4
    let csharp =
        Modeling.Model.Define("dbn").Latent("h2", Modeling.Prior.Bernoulli 2)
            .Latent("h1", Modeling.Prior.Bernoulli(3).Given("h2", Modeling.Energy.Bilinear()))
            .Decoder(Modeling.Decoder.Linear(Modeling.Likelihood.Bernoulli())).Observe("x", 4)
    Assert.Equal(csharp, fsharp)
    let r = Random 3
    let bits = Data.DataMatrix(Array.init (60 * 4) (fun i -> if (i / 4 % 2 = 0) = (i % 4 < 2) <> (r.NextDouble() < 0.1) then 1.0 else 0.0), 60, 4)
    let fit = fsharp |> Model.fit (Backend.contrastive { ContrastiveSettings.Default with Epochs = 3; BatchSize = 10 }) bits
    Assert.IsType<LatentModels.DeepBeliefNet>(fit.Parameters) |> ignore
    Assert.Equal(None, fit.LogLikelihood)
    Assert.True(fit.Elbo.IsSome && fit.ElboStandardError.IsSome)

let faithful =
    model "old-faithful" {
        latent "z" (Prior.categorical 2)
        decoder (Decoder.perComponent (Likelihood.gaussian Full))
        observe "x" 2
    }

[<Fact>]
let ``Model.compare fits with every backend that accepts the model and gives the others' reasons`` () =
    let results =
        faithful
        |> Model.compare [ Backend.exact; Backend.em { EmSettings.Default with Restarts = 3; Seed = 1 }; Backend.reparameterized ReparameterizedSettings.Default ] (Dataset.oldFaithful ())
    match results with
    | [ Error { Backend = "exact"; Reason = exact }; Ok em; Error { Backend = "reparameterized"; Reason = reparameterized } ] ->
        Assert.Contains("no closed-form", exact)
        Assert.Contains("categorical", reparameterized)
        // The reason alone: the refusal names its backend already.
        Assert.False(exact.StartsWith("exact backend", StringComparison.Ordinal), exact)
        Assert.Equal(-1130.264, em.LogLikelihood.Value, 3)
        Assert.True(em.Elbo.Value <= em.LogLikelihood.Value)
        Assert.Equal(None, em.LogLikelihoodStandardError)
        Assert.Equal(None, em.ParameterPosterior)
        Assert.Equal(em.Iterations + 1, em.Trace.Length) // the trace starts before the first iteration
    | other -> failwithf "unexpected %A" other

[<Fact>]
let ``A fit's summary holds what the backend reports, as options where only some backends report it`` () =
    let data = Dataset.oldFaithful ()
    let vmp = faithful |> Model.fit (Backend.vmp { VmpSettings.Default with Restarts = 1; Seed = 1 }) data
    Assert.True(vmp.ParameterPosterior.IsSome)
    Assert.Equal(vmp.Result.ParameterPosterior, vmp.ParameterPosterior.Value)
    Assert.Equal(vmp.Elbo.Value, vmp.ExpectedLogLikelihood.Value + vmp.ExpectedLogPrior.Value + vmp.Entropy.Value, 9)
    Assert.Equal(vmp.LogLikelihood.Value - vmp.Elbo.Value, vmp.Gap.Value, 9)
    // Each field is the backend's own number, term by term.
    let terms = vmp.Result.Elbo
    Assert.Equal<float option list>(
        [ Some terms.ExpectedLogLikelihood; Some terms.ExpectedLogPrior; Some terms.Entropy; Some vmp.Result.LogLikelihood
          Some vmp.Result.LogLikelihoodPerPoint; Some vmp.Result.Gap; Some terms.Value; None ],
        [ vmp.ExpectedLogLikelihood; vmp.ExpectedLogPrior; vmp.Entropy; vmp.LogLikelihood; vmp.LogLikelihoodPerPoint; vmp.Gap; vmp.Elbo; vmp.Reconstruction ])
    Assert.Equal((vmp.Result.DataCount, vmp.Result.Iterations, vmp.Result.Converged), (vmp.DataCount, vmp.Iterations, vmp.Converged))
    Assert.Equal<float list>(List.ofSeq vmp.Result.Trace, vmp.Trace)
    let exactAtVmp = faithful |> Model.fit (Backend.exactAt vmp.Parameters) data
    Assert.Equal(vmp.LogLikelihood.Value, exactAtVmp.LogLikelihood.Value, 9)
    let vae =
        model "vae" {
            latent "z" (Prior.standardNormal 1)
            decoder (Decoder.mlp [ 8 ] (Likelihood.gaussian Diagonal))
            observe "x" 2
            guide (Encoder.mlp [ 8 ])
        }
    let fit = vae |> Model.fit (Backend.reparameterized { ReparameterizedSettings.Default with Epochs = 2; LogLikelihoodSamples = 10; ElboSamples = 3; Seed = 3 }) data
    // The counts reach the fit's one evaluation pass from the settings: its numbers are what that pass gives the trained model.
    Assert.Equal((Some 10, Some 3), (fit.LogLikelihoodSamples, fit.ElboSamples))
    let again = fit.Trained.Value.Evaluate(data).Run(LatentModels.VaeQuantities.All, LatentModels.VaeEvaluationOptions(3, 10, 3))
    Assert.Equal((again.RequireLogLikelihood().Total, again.RequireElbo().Value), (fit.LogLikelihood.Value, fit.Elbo.Value))
    Assert.True(fit.LogLikelihoodStandardError.Value > 0.0)
    Assert.True(fit.Trained.IsSome)
    Assert.Equal(None, fit.ParameterPosterior)
    Assert.Equal(None, fit.Reconstruction)

[<Fact>]
let ``A Gaussian-mixture VAE declared in F# trains with c summed out, encodes q(c | x), and the other backends refuse it`` () =
    let random = Random 4
    // Two clusters of 6 bits: the categorical has structure to find.
    let bits =
        Array.init (120 * 6) (fun i -> if ((i / 6) % 2 = 0) = (i % 6 < 3) <> (random.NextDouble() < 0.1) then 1.0 else 0.0)
    let data = Data.DataMatrix(bits, 120, 6)
    let gmvae =
        model "gmvae" {
            latent "c" (Prior.categorical 2)
            latent "z" (Prior.standardNormal 2 |> Prior.given "c" (Decoder.perComponent (Likelihood.gaussian Diagonal)))
            decoder (Decoder.mlp [ 8 ] Likelihood.bernoulli)
            observe "x" 6
            guide (Encoder.mlp [ 8 ])
        }
    let settings = { ReparameterizedSettings.Default with Epochs = 3; BatchSize = 20; LogLikelihoodSamples = 20; Seed = 5 }
    let fit = gmvae |> Model.fit (Backend.reparameterized settings) data
    // The same model through the C# API trains to the same numbers: the F# declaration is the composition, not a copy of it.
    let csharp =
        CSharp.Define("gmvae").Latent("c", Modeling.Prior.Categorical 2)
            .Latent("z", Modeling.Prior.StandardNormal(2).Given("c", Modeling.Decoder.PerComponent(Modeling.Likelihood.Gaussian(Modeling.Covariance.Diagonal))))
            .Decoder(Modeling.Decoder.Mlp [| 8 |], Modeling.Likelihood.Bernoulli()).Observe("x", 6).Guide(Modeling.Encoder.Mlp [| 8 |])
    let again = csharp |> Model.fit (Backend.reparameterized settings) data
    Assert.Equal((fit.Elbo.Value, fit.LogLikelihood.Value), (again.Elbo.Value, again.LogLikelihood.Value))
    Assert.True(fit.Elbo.Value <= fit.LogLikelihood.Value + 4.0 * fit.LogLikelihoodStandardError.Value)
    let vae = fit.Trained.Value
    Assert.True(vae.HasCategorical)
    let q = vae.EncodeComponents data
    Assert.Equal((120, 2, 2), (q.Count, q.Components, q.LatentDimension))
    for n in 0 .. q.Count - 1 do
        Assert.Equal(1.0, Seq.sum (q.Responsibilities.Row(n).ToArray()), 12)
    match gmvae |> Model.compare [ Backend.em EmSettings.Default; Backend.vmp VmpSettings.Default ] data with
    | [ Error em; Error vmp ] -> Assert.Equal(("em", "vmp"), (em.Backend, vmp.Backend))
    | other -> failwithf "unexpected %A" other

[<Fact>]
let ``A plain autoencoder's summary has its reconstruction, and None for the log-likelihood and ELBO it lacks`` () =
    let data = Dataset.oldFaithful ()
    let autoencoder =
        model "autoencoder" {
            latent "z" (Prior.standardNormal 1)
            decoder (Decoder.mlp [ 8 ] (Likelihood.gaussian Diagonal))
            observe "x" 2
            guide (Encoder.mlp [ 8 ] |> Encoder.pointMass)
        }
    let fit = autoencoder |> Model.fit (Backend.reparameterized { ReparameterizedSettings.Default with Epochs = 2; Seed = 3 }) data
    Assert.Equal(Some fit.Result.Reconstruction.Value, fit.Reconstruction)
    // What it was trained on, recomputed from the saved networks' codes of the same data.
    Assert.Equal((fit.Parameters :?> LatentModels.Autoencoder).Reconstruction(data), fit.Reconstruction.Value, 6)
    Assert.Equal<float option list>(
        List.replicate 8 None,
        [ fit.LogLikelihood; fit.LogLikelihoodPerPoint; fit.LogLikelihoodStandardError; fit.Elbo; fit.ExpectedLogLikelihood
          fit.ExpectedLogPrior; fit.Entropy; fit.Gap ])
    Assert.Equal((None, None, None), (fit.LogLikelihoodSamples, fit.ElboSamples, fit.Trained))
    Assert.IsType<LatentModels.PointPosterior>(fit.LatentPosterior) |> ignore
    Assert.Equal((2, 2, true), (fit.Iterations, fit.Trace.Length, fit.Converged))

[<Fact>]
let ``Model.fitWithProgress reports every iteration; Model.fit raises a refusal`` () =
    let reports = ResizeArray()
    let fit = faithful |> Model.fitWithProgress reports.Add (Backend.em { EmSettings.Default with Restarts = 1; Seed = 2 }) (Dataset.oldFaithful ())
    Assert.Equal(fit.Iterations, reports.Count)
    Assert.Equal<float list>(List.tail fit.Trace, [ for p in reports -> p.Objective ])
    let refusal = Assert.Throws<BackendNotSupportedException>(fun () -> faithful |> Model.fit Backend.exact (Dataset.oldFaithful ()) |> ignore)
    Assert.Contains("old-faithful", refusal.Message)

[<CaseProperty>]
let ``Dataset helpers keep every value`` () =
    Prop.forAll (caseOf 20 5 1 1) (fun c ->
        let r = Random c.Seed
        let rows = Array.init c.Count (fun _ -> Array.init c.Dimension (fun _ -> uniform r -5.0 5.0))
        let array = Array2D.init c.Count c.Dimension (fun i j -> rows[i][j])
        let fromRows, fromArray = Dataset.ofRows rows, Dataset.ofArray2D array
        Dataset.toRows fromRows = rows && Dataset.toArray2D fromArray = array && Dataset.toRows fromArray = rows)

[<Fact>]
let ``Dataset helpers refuse bad input`` () =
    let ragged = Assert.Throws<DataException>(fun () -> Dataset.ofRows [ [| 1.0; 2.0 |]; [| 3.0 |] ] |> ignore)
    Assert.Contains("row 1", ragged.Message)
    let nan = Assert.Throws<DataException>(fun () -> Dataset.ofArray2D (array2D [ [ 1.0; nan ] ]) |> ignore)
    Assert.Contains("column 1", nan.Message)
    Assert.Throws<DataException>(fun () -> Dataset.ofArray2D (Array2D.zeroCreate 0 2) |> ignore) |> ignore
    let named = Dataset.ofRows [ [| 1.0; 2.0 |] ] |> Dataset.withColumnNames [ "a"; "b" ]
    Assert.Equal<string seq>([ "a"; "b" ], named.ColumnNames)
    Assert.Equal(272, (Dataset.example "old-faithful").Rows)
    Assert.Equal(150, (Dataset.iris ()).Rows)

[<Fact>]
let ``The README's F# mixture of factor analysers is the C# one, fitted by EM and VMP to the same numbers, with an exact posterior at EM's parameters`` () =
    let factorAnalysers =
        model "iris-mfa" {
            latent "c" (Prior.categorical 3)
            latent "h" (Prior.standardNormal 2)
            decoder (Decoder.perComponentOf (Decoder.linear (Likelihood.gaussian Diagonal)))
            observe "x" 4
        }
    let csharp =
        CSharp.Define("iris-mfa").Latent("c", Modeling.Prior.Categorical 3).Latent("h", Modeling.Prior.StandardNormal 2)
            .Decoder(Modeling.Decoder.PerComponent(Modeling.Decoder.Linear(Modeling.Likelihood.Gaussian Modeling.Covariance.Diagonal))).Observe("x", 4)
    Assert.Equal(csharp, factorAnalysers)
    let iris = Dataset.iris ()
    let settings = { EmSettings.Default with Restarts = 1; Seed = 1; MaxIterations = 30 }
    let mfa = factorAnalysers |> Model.fit (Backend.em settings) iris
    Assert.Equal(Some(csharp.Compile(Inference.Em(restarts = 1, seed = 1, maxIterations = 30)).Fit(iris).LogLikelihood), mfa.LogLikelihood)
    let atEm = factorAnalysers |> Model.fit (Backend.exactAt mfa.Parameters) iris
    Assert.Equal(mfa.LogLikelihood.Value, atEm.LogLikelihood.Value, 9)
    Assert.Equal(atEm.LogLikelihood.Value, atEm.Elbo.Value, 9)
    Assert.IsType<LatentModels.FactorMixturePosterior>(atEm.LatentPosterior) |> ignore
    // The same description reaches VMP's Bayesian mixture with ARD, to the same numbers as from C#.
    let bayesian = factorAnalysers |> Model.fit (Backend.vmp { VmpSettings.Default with Restarts = 1; Seed = 1; MaxIterations = 30 }) iris
    let fromCSharp = csharp.Compile(Inference.Vmp(restarts = 1, seed = 1, maxIterations = 30)).Fit(iris)
    Assert.Equal(Some fromCSharp.Elbo.Value, bayesian.Elbo)
    Assert.Equal(Some fromCSharp.LogLikelihood, bayesian.LogLikelihood)
    Assert.IsType<LatentModels.FactorAnalyserMixturePosterior>(bayesian.ParameterPosterior.Value) |> ignore
