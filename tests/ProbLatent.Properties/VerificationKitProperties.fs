/// The verification kit (ProbLatent.Verification) passes real models and backends, and fails — with the law's
/// numbers, the counterexample and a seed that replays it — models and backends broken on purpose.
module ProbLatent.Properties.VerificationKitProperties

open System
open Xunit
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Properties.BrokenOnPurpose

// ---- models, data and settings -------------------------------------------------------------------------------

let boolean bits d =
    Model.Define("boolean").Latent("z", Prior.Bernoulli bits).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", d)

/// A small VAE over 4 bits: a 1-dimensional z and one hidden layer of 4.
let vae = Model.Define("vae").Latent("z", Prior.StandardNormal 1).Decoder(Decoder.Mlp(4), Likelihood.Bernoulli()).Observe("x", 4)

/// A model of every family with an exact log-likelihood.
let families =
    [ mixtureModel 2 2 (Likelihood.Gaussian Covariance.Full)
      mixtureModel 3 2 (Likelihood.Gaussian Covariance.Diagonal)
      mixtureModel 2 6 (Likelihood.Bernoulli())
      linearModel 1 3 Covariance.Isotropic
      linearModel 2 4 Covariance.Diagonal
      boolean 3 5 ]

let settings cases = CheckSettings(Cases = cases, Seed = 11)

let data (model: Model) = DataGenerators.FromRandomParameters(model, 40)

/// Runs a check that must fail and returns its exception.
let fails (check: unit -> unit) = Assert.Throws<ModelCheckFailedException>(check)

// ---- the kit passes what is right ------------------------------------------------------------------------------

[<Fact>]
let ``Every family passes the three ELBO laws with its default backend on data from random parameters`` () =
    for model in families do
        ModelChecks.ElboBelowLogLikelihood(model, data model, settings = settings 20)
        ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(model, data model, settings = settings 20)
        ModelChecks.GapEqualsKl(model, data model, settings = settings 20)

[<Fact>]
let ``VMP and reparameterized fits pass the ELBO laws at their parameters`` () =
    let gaussianMixture = mixtureModel 2 2 (Likelihood.Gaussian Covariance.Full)
    ModelChecks.ElboBelowLogLikelihood(gaussianMixture, data gaussianMixture, Inference.Vmp(restarts = 1, seed = 1), settings 20)
    ModelChecks.GapEqualsKl(gaussianMixture, data gaussianMixture, Inference.Vmp(restarts = 1, seed = 1), settings 20)
    // a linear VAE: its encoder's diagonal q is checked in the linear-Gaussian model's form
    let ppca = linearModel 1 3 Covariance.Isotropic
    let reparameterized = Inference.Reparameterized(epochs = 3, batchSize = 20, seed = 2)
    ModelChecks.ElboBelowLogLikelihood(ppca, data ppca, reparameterized, settings 10)
    ModelChecks.GapEqualsKl(ppca, data ppca, reparameterized, settings 10)

[<Fact>]
let ``A VAE passes ElboBelowLogLikelihood within the importance estimate's error and is refused the exact laws`` () =
    let bits = DataGenerators.DrawnFrom(RandomModels.bernoulliMixture (Random 1) 2 4, 30)
    ModelChecks.ElboBelowLogLikelihood(vae, bits, Inference.Reparameterized(epochs = 2, batchSize = 10, seed = 1), settings 3)
    let refusal = Assert.Throws<ArgumentException>(fun () -> ModelChecks.GapEqualsKl(vae, bits))
    Assert.Contains("variational autoencoder", refusal.Message)
    Assert.Contains("check ElboBelowLogLikelihood on its model description instead", refusal.Message)
    // A trained VAE, given as parameters, is refused every law: even the bound needs its fit, from the description.
    let trained = vae.Compile(Inference.Reparameterized(epochs = 1, batchSize = 10, seed = 1)).Fit(bits.Invoke(Random 2)).Trained
    let trained: ILatentModel = match trained with | null -> failwith "a reparameterized fit without its trained VAE" | t -> t
    let bound = Assert.Throws<ArgumentException>(fun () -> ModelChecks.ElboBelowLogLikelihood(trained, bits))
    Assert.Contains("pass its model description instead", bound.Message)
    let gap = Assert.Throws<ArgumentException>(fun () -> ModelChecks.GapEqualsKl(trained, bits))
    Assert.Contains("check ElboBelowLogLikelihood on its model description instead", gap.Message)

[<Fact>]
let ``EM and VMP pass their never-decreases checks on every family they fit`` () =
    for model in families |> List.take 5 do
        ModelChecks.EmNeverDecreases(model, data model, settings = settings 20)
    for model in [ mixtureModel 2 2 (Likelihood.Gaussian Covariance.Full); mixtureModel 2 6 (Likelihood.Bernoulli()); linearModel 1 3 Covariance.Isotropic ] do
        ModelChecks.VmpNeverDecreases(model, data model, settings = settings 10)

[<Fact>]
let ``VMP's ELBO matches the kit's Monte Carlo estimate on every family VMP fits, with default and given priors`` () =
    let given = ProbLatent.Backends.Vmp.VmpPriors(WeightConcentration = 2.0, MeanPrecision = Nullable 0.1, GammaShape = Nullable 2.0, GammaRate = Nullable 0.5)
    for model in families |> List.take 5 do
        ModelChecks.VmpElboMatchesMonteCarlo(model, DataGenerators.FromRandomParameters(model, 15), settings = settings 4)
        ModelChecks.VmpElboMatchesMonteCarlo(model, DataGenerators.FromRandomParameters(model, 15), given, settings 4)
    let refusal = Assert.Throws<BackendNotSupportedException>(fun () -> ModelChecks.VmpElboMatchesMonteCarlo(boolean 2 3, data (boolean 2 3)))
    Assert.Contains("not conjugate", refusal.Message)

[<Fact>]
let ``Given parameters pass the ELBO laws, and built-in KL divergences pass KlNonNegative`` () =
    let parameters = RandomModels.gaussianMixture (Random 3) 3 2 Covariance.Full
    ModelChecks.ElboBelowLogLikelihood(parameters, DataGenerators.DrawnFrom(parameters, 25), settings 30)
    ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(parameters, DataGenerators.DrawnFrom(parameters, 25), settings 30)
    ModelChecks.GapEqualsKl(parameters, DataGenerators.DrawnFrom(parameters, 25), settings 30)
    let gamma (r: Random) = Gamma(RandomModels.uniform r 0.5 10.0, RandomModels.uniform r 0.2 5.0) :> IDistribution
    ModelChecks.KlNonNegative(gamma, gamma, settings 100)

// ---- and fails what is wrong -----------------------------------------------------------------------------------

[<Fact>]
let ``Parameters whose ELBO is a nat too high fail all three ELBO laws`` () =
    let parameters = ShiftedElbo(RandomModels.gaussianMixture (Random 4) 2 2 Covariance.Full, 1.0)
    let data = DataGenerators.DrawnFrom(parameters, 20)
    let below = fails (fun () -> ModelChecks.ElboBelowLogLikelihood(parameters, data, settings 50))
    Assert.Contains("the exact posterior: ELBO", below.Detail)
    Assert.Equal(1, below.Message.Split("ModelChecks.ElboBelowLogLikelihood failed for parameters ShiftedElbo").Length - 1)
    fails (fun () -> ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(parameters, data, settings 50)) |> ignore
    fails (fun () -> ModelChecks.GapEqualsKl(parameters, data, settings 50)) |> ignore

[<Fact>]
let ``Parameters whose ELBO is a nat too low pass the bound but fail tightness and the gap`` () =
    let parameters = ShiftedElbo(RandomModels.linearGaussian (Random 5) 3 1 true, -1.0)
    let data = DataGenerators.DrawnFrom(parameters, 20)
    ModelChecks.ElboBelowLogLikelihood(parameters, data, settings 30)
    let tight = fails (fun () -> ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(parameters, data, settings 30))
    Assert.Contains("differ by -1", tight.Detail)
    let gap = fails (fun () -> ModelChecks.GapEqualsKl(parameters, data, settings 30))
    Assert.Contains("differ by 1", gap.Detail)

[<Fact>]
let ``A backend that inflates the ELBO it reports fails ElboBelowLogLikelihood and GapEqualsKl`` () =
    let model = mixtureModel 2 2 (Likelihood.Gaussian Covariance.Diagonal)
    let backend = Tampered(Inference.Em(restarts = 1, seed = 1), inflatedElbo 0.01)
    let below = fails (fun () -> ModelChecks.ElboBelowLogLikelihood(model, data model, backend, settings 30))
    Assert.Contains("the fit's reported ELBO and log p(x)", below.Detail)
    Assert.Contains("with backend em, tampered", below.Message)
    let gap = fails (fun () -> ModelChecks.GapEqualsKl(model, data model, backend, settings 30))
    Assert.Contains("the fit's reported gap", gap.Detail)
    // what it fitted is right, so the laws at its parameters still hold
    ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(model, data model, backend, settings 30)

[<Fact>]
let ``A backend whose fitted parameters have a wrong ELBO fails ElboEqualsLogLikelihoodAtExactPosterior`` () =
    let model = linearModel 2 4 Covariance.Diagonal
    let check () = ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(model, data model, Tampered(Inference.Em(restarts = 1), shiftedParameters 1e-3), settings 30)
    Assert.Contains("ELBO at the exact posterior", (fails check).Detail)

[<Fact>]
let ``A trace that goes down once fails EmNeverDecreases and VmpNeverDecreases`` () =
    let model = mixtureModel 2 6 (Likelihood.Bernoulli())
    let em = fails (fun () -> ModelChecks.EmNeverDecreases(model, data model, Tampered(Inference.Em(restarts = 1, maxIterations = 5), droppingTrace), settings 20))
    Assert.Contains("goes down", em.Detail)
    let vmp = fails (fun () -> ModelChecks.VmpNeverDecreases(model, data model, Tampered(Inference.Vmp(restarts = 1, maxIterations = 5), droppingTrace), settings 20))
    Assert.Contains("by 1", vmp.Detail)

[<Fact>]
let ``A registered KL that is negative fails KlNonNegative`` () =
    Lopsided.RegisterWrongKl()
    let lopsided (r: Random) = Lopsided(r.NextDouble()) :> IDistribution
    let failure = fails (fun () -> ModelChecks.KlNonNegative(lopsided, lopsided, settings 10))
    Assert.Contains("= -0.5 < 0", failure.Detail)
    Assert.Contains("p = Lopsided(", failure.Counterexample)

[<Fact>]
let ``A registered KL that is zero for the same instance only fails KlNonNegative on an equal copy`` () =
    Lopsided.RegisterIdentityKl()
    let lopsided (r: Random) = Lopsided(r.NextDouble()) :> IDistribution
    let failure = fails (fun () -> ModelChecks.KlNonNegative(lopsided, lopsided, settings 10))
    Assert.Contains("an equal copy) = 0.25 ≠ 0", failure.Detail)

[<Fact>]
let ``A case that raises fails its check with the exception`` () =
    let model = mixtureModel 2 3 (Likelihood.Gaussian Covariance.Full)
    let twoColumns = DataGenerators.DrawnFrom(RandomModels.gaussianMixture (Random 6) 2 2 Covariance.Full, 10)
    let failure = fails (fun () -> ModelChecks.ElboBelowLogLikelihood(model, twoColumns, settings = settings 5))
    Assert.Contains("the case raised DataException", failure.Detail)
    Assert.IsType<DataException>(failure.InnerException) |> ignore
    // so does a data generator that raises, with the seed it was given
    // (enough rows that no EM fit of two full components collapses before a case raises)
    let wider = DataGenerators.DrawnFrom(RandomModels.gaussianMixture (Random 6) 2 2 Covariance.Full, 60)
    let broken = Func<Random, DataMatrix>(fun r -> if r.Next 3 = 0 then invalidOp "no data today" else wider.Invoke r)
    let generator = fails (fun () -> ModelChecks.EmNeverDecreases(mixtureModel 2 2 (Likelihood.Gaussian Covariance.Full), broken, settings = settings 30))
    Assert.Contains("the case raised InvalidOperationException: no data today", generator.Detail)
    Assert.Contains($"case seed {generator.CaseSeed}, whose data generator raised InvalidOperationException", generator.Counterexample)

// ---- reproducibly, and refusing what it cannot check -------------------------------------------------------------

[<Fact>]
let ``A failure names its run's seed, which replays it, and its case's seed, which rebuilds the data`` () =
    let parameters = ShiftedElbo(RandomModels.bernoulliMixture (Random 7) 2 5, 1e-3)
    let generator = DataGenerators.DrawnFrom(parameters, 15)
    let run (seed: int) = fails (fun () -> ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(parameters, generator, CheckSettings(Cases = 20, Seed = seed)))
    let first, again, other = run 21, run 21, run 22
    Assert.Equal(first.Message, again.Message)
    Assert.Equal(21, first.Seed)
    Assert.NotEqual(first.CaseSeed, other.CaseSeed)
    Assert.Contains("CheckSettings.Seed = 21 replays this run", first.Message)
    Assert.Contains($"case seed {first.CaseSeed}", first.Counterexample)
    let rebuilt = generator.Invoke(Random first.CaseSeed)
    let verdict = Laws.elboEqualsLogLikelihoodAtExactPosterior 1e-8 parameters rebuilt
    Assert.False(verdict.Holds)
    // ...and it is the very data the failure shows (the shifted ELBO fails on any data: the rows tell them apart)
    let firstRow = rebuilt.Row(0).ToArray() |> Array.map (sprintf "%.6g") |> String.concat ", "
    Assert.Contains($"first rows [{firstRow}]", first.Counterexample)
    // without a seed, every run picks one and says which
    let unseeded = fails (fun () -> ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(parameters, generator))
    Assert.Contains($"CheckSettings.Seed = {unseeded.Seed} replays", unseeded.Message)

[<Fact>]
let ``Bad settings, refusing backends and models without a generator are errors before any case runs`` () =
    let model = boolean 2 3
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> ModelChecks.ElboBelowLogLikelihood(model, data model, settings = settings 0)) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> ModelChecks.GapEqualsKl(model, data model, settings = CheckSettings(Tolerance = nan))) |> ignore
    let refusal = Assert.Throws<BackendNotSupportedException>(fun () -> ModelChecks.VmpNeverDecreases(model, data model))
    Assert.Contains("boolean", refusal.Message)
    Assert.Throws<ArgumentException>(fun () -> DataGenerators.FromRandomParameters(vae, 10) |> ignore) |> ignore

[<Fact>]
let ``Data from an FsCheck generator reproduces from the case's seed`` () =
    let parameters = RandomModels.bernoulliMixture (Random 8) 2 3
    let gen = FsCheck.FSharp.Gen.sized (fun size -> FsCheck.FSharp.Gen.constant (parameters.Generate(size, Random size).Data))
    let generator = DataGenerators.OfGen(gen, maxSize = 30)
    let sizes = [ for seed in 0..50 -> (generator.Invoke(Random seed)).Rows ]
    Assert.True(List.forall (fun n -> n >= 1 && n <= 30) sizes && List.distinct sizes |> List.length > 5)
    Assert.Equal<float[]>((generator.Invoke(Random 9)).Values.ToArray(), (generator.Invoke(Random 9)).Values.ToArray())
    ModelChecks.GapEqualsKl(parameters, generator, settings 20)

/// A law that found nothing to check (no fit, no q) has not been shown to hold: its verdict fails and says why, while
/// any verdict that fails still fails the whole.
[<Fact>]
let ``A verdict over nothing fails`` () =
    let none = Verdict.All []
    Assert.False(none.Holds)
    Assert.Contains("nothing to check", none.Detail)
    Assert.True((Verdict.All [ { Holds = true; Detail = "a" } ]).Holds)
    Assert.False((Verdict.All [ { Holds = true; Detail = "a" }; { Holds = false; Detail = "b" } ]).Holds)

/// The broken-on-purpose backends copy a fit field by field (F# has no `with` for a C# record): the copy must keep
/// every property the fit has, so that a property FitResult gains later is not silently lost in the copy.
[<Fact>]
let ``A broken-on-purpose copy of a fit keeps every property it does not replace`` () =
    for backend in [ Inference.Em(restarts = 1) :> IBackend; Inference.Reparameterized(epochs = 2, batchSize = 10, seed = 1) ] do
        let model, rows =
            if backend :? Backends.Em.EmBackend then
                let mixture = mixtureModel 2 2 (Likelihood.Gaussian Covariance.Full) in mixture, (data mixture).Invoke(Random 3)
            else vae, DataGenerators.DrawnFrom(RandomModels.bernoulliMixture (Random 1) 2 4, 30).Invoke(Random 3)
        let fit = model.Compile(backend).Fit rows
        let copy = reported fit fit.Parameters fit.Elbo fit.Trace
        for property in typeof<FitResult>.GetProperties() |> Array.filter (fun p -> p.Name <> "EqualityContract") do
            match property.GetValue fit, property.GetValue copy with
            | (:? seq<float> as a), (:? seq<float> as b) -> Assert.Equal<float>(a, b)
            | (:? seq<string> as a), (:? seq<string> as b) -> Assert.Equal<string>(a, b)
            | a, b -> Assert.True(Object.Equals(a, b), $"{property.Name}: {a} in the fit, {b} in the copy")
