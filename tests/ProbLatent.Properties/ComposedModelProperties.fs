/// The laws over randomly composed model descriptions (the verification kit's ComposedModels: mixtures selecting full
/// or diagonal Gaussians, Bernoullis or linear-Gaussian decoders, PPCA and factor analysis, belief nets of random depth
/// and width, with random stated priors), not only over the six classic families:
///   where Exact applies, ELBO(q) ≤ log p(x) for a random q, log p(x) − ELBO(q) = KL(q ‖ p(z|x)), tight at p(z|x);
///   EM's objective and VMP's ELBO never decrease, and their ELBO's KL term is non-negative;
///   VMP's reported ELBO and each of its terms match the kit's Monte Carlo estimate from draws of the fitted q.
module ProbLatent.Properties.ComposedModelProperties

open System
open FsCheck
open FsCheck.FSharp
open global.Xunit
open ProbLatent
open ProbLatent.Backends
open ProbLatent.Backends.Vmp
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.ComposedModels

/// A composition, the seed of its random parameters, data and q, and the number of rows.
type ComposedCase =
    { Composition: Composition
      Seed: int
      Rows: int }

/// Cases whose composition `fits` takes, shrinking the composition (and the rows) while it stays one `fits` takes.
let cases (fits: Composition -> bool) (maxRows: int) =
    let generate =
        gen {
            let! composition = ComposedModels.where fits
            let! seed = Gen.choose (0, Int32.MaxValue - 1)
            let! rows = Gen.choose (1, maxRows)
            return { Composition = composition; Seed = seed; Rows = rows }
        }
    let shrinkCase (c: ComposedCase) =
        seq {
            for smaller in ComposedModels.shrink c.Composition |> Seq.filter fits -> { c with Composition = smaller }
            if c.Rows > 1 then yield { c with Rows = c.Rows / 2 }
        }
    Arb.fromGenShrink (generate, shrinkCase)

/// Random parameters of the composition's shape, and data drawn from them: at least `perComponent` rows per component
/// of a mixture and d + 2 for PPCA and factor analysis (whose maximum likelihood needs a spread), so that fits have
/// something to fit.
let parametersAndData (c: ComposedCase) perComponent =
    let r = Random c.Seed
    let model = toModel c.Composition
    let parameters = RandomModels.forModel model r
    let rows =
        match c.Composition with
        | Mixture(components = k) -> max c.Rows (perComponent * k)
        | Linear(dimension = d) -> max c.Rows (d + 2)
        | BeliefNet _ -> c.Rows
    model, parameters, parameters.Generate(rows, r).Data

[<CaseProperty>]
let ``Composed models where Exact applies: ELBO(q) ≤ log p(x), the gap is KL(q ‖ p(z|x)), and the bound is tight at p(z|x)`` () =
    Prop.forAll (cases (fun _ -> true) 12) (fun c ->
        let model, parameters, data = parametersAndData c 1
        let fit = model.Compile(Inference.Exact parameters).Fit(data)
        let r = Random(c.Seed + 1)
        let q =
            match RandomPosteriors.like fit.LatentPosterior r with
            | Some q -> q
            | None -> failwithf "no arbitrary q of the form %s" (fit.LatentPosterior.GetType().Name)
        Verdict.All
            [ Laws.elboBelowLogLikelihood 1e-9 parameters data q
              Laws.gapEqualsKl 1e-8 parameters data q
              Laws.elboEqualsLogLikelihoodAtExactPosterior 1e-8 parameters data
              Laws.gapMatchesKl 1e-8 fit.LogLikelihood fit.Gap 0.0 ]
        |> _.ToProperty()
        |> Prop.label (string c.Composition))

/// The ELBO's KL term, KL(q(z) ‖ p(z)) for EM and KL(q(z, θ) ‖ p(z, θ)) for VMP, is non-negative.
let klTermNonNegative (fit: FitResult) =
    let kl = fit.Elbo.KlToPrior
    { Holds = kl >= -(Tolerance.slack 1e-9 fit.Elbo.Value)
      Detail = sprintf "the ELBO's KL term %.12g (ELBO %.12g = E[log p(x|z)] %.12g − KL)" kl fit.Elbo.Value fit.Elbo.Reconstruction }

[<CaseProperty>]
let ``EM on composed models never decreases its objective, and its ELBO's KL term is non-negative`` () =
    Prop.forAll (cases fitsWithEm 30) (fun c ->
        let model, _, data = parametersAndData c 4
        ofFit (fun () -> model.Compile(Inference.Em(restarts = 1, seed = c.Seed, maxIterations = 15, tolerance = -1.0, regularization = 1e-3)).Fit(data)) (fun fit ->
            Verdict.All
                [ Laws.nonDecreasing 1e-10 fit.Trace
                  klTermNonNegative fit
                  Laws.reportedElboBelowLogLikelihood 1e-9 0.0 fit.Elbo.Value fit.LogLikelihood ]
            |> _.ToProperty())
        |> Prop.label (string c.Composition))

let fitVmp (model: ProbLatent.Modeling.Model) (data: DataMatrix) seed iterations (priors: VmpPriors | null) =
    model.Compile(Inference.Vmp(restarts = 1, seed = seed, maxIterations = iterations, tolerance = -1.0, priors = priors)).Fit(data)

/// Priors given through VmpOptions for a composition that states none, half the time: each value set or left to its
/// data-scaled default at random, so that both are what the fit and the estimate take.
let optionPriors (c: Composition) (r: Random) : VmpPriors | null =
    if not c.Priors.IsEmpty || r.NextDouble() < 0.5 then null
    else
        let some (v: float) = if r.NextDouble() < 0.5 then Nullable v else Nullable()
        let d = float c.Dimension
        VmpPriors(
            WeightConcentration = 0.5 + 3.0 * r.NextDouble(),
            MeanPrecision = some (0.01 + r.NextDouble()),
            WishartShape = some (d / 2.0 + 3.0 * r.NextDouble()),
            WishartScale = some (0.05 + r.NextDouble()),
            GammaShape = some (0.5 + 3.0 * r.NextDouble()),
            GammaRate = some (0.1 + 2.0 * r.NextDouble()),
            BetaA = 0.5 + 3.0 * r.NextDouble(),
            BetaB = 0.5 + 3.0 * r.NextDouble())

[<CaseProperty>]
let ``VMP on composed models never decreases the ELBO, its terms add up to the trace's last, and its KL term is non-negative`` () =
    Prop.forAll (cases fitsWithVmp 30) (fun c ->
        let model, _, data = parametersAndData c 2
        ofFit (fun () -> fitVmp model data c.Seed 20 (optionPriors c.Composition (Random(c.Seed + 3)))) (fun fit ->
            let last = Seq.last fit.Trace
            Verdict.All
                [ Laws.nonDecreasing 1e-9 fit.Trace
                  klTermNonNegative fit
                  { Holds = Tolerance.close 1e-12 (fit.Elbo.Reconstruction - fit.Elbo.KlToPrior) last
                    Detail = sprintf "terms: %O; the trace ends at %.12g" fit.Elbo last } ]
            |> _.ToProperty())
        |> Prop.label (string c.Composition))

/// How many draws of q(θ) and q(z) the Monte Carlo estimate takes per case, and how far (in standard errors, plus an
/// absolute slack for terms whose draws barely vary) the reported ELBO may be from it. The estimate of a term whose
/// draws are skewed (the log-density of a Beta near 0) is less often near its mean than a Gaussian's: at 300 draws a
/// soak of about 9,500 cases raised one false alarm (5.03 standard errors on a Bernoulli mixture's E[log p(z, θ)],
/// within 1.6 of the reported term at 3,000 draws and 0.5 at 30,000); 600 draws make the skew of the mean smaller.
let mcDraws, mcSigmas, mcSlack = 600, 5.0, 1e-6

[<CaseProperty>]
let ``VMP's reported ELBO and each of its terms match a Monte Carlo estimate from draws of the fitted q`` () =
    Prop.forAll (cases fitsWithVmp 15) (fun c ->
        let model, _, data = parametersAndData c 2
        let options = optionPriors c.Composition (Random(c.Seed + 3))
        ofFit (fun () -> fitVmp model data c.Seed 8 options) (fun fit ->
            let priors = VmpPriorSet.For(model, options, data)
            let estimate = MonteCarloElbo.estimate priors fit data mcDraws (Random(c.Seed + 2))
            (MonteCarloElbo.agrees mcSigmas mcSlack fit.Elbo estimate).ToProperty())
        |> Prop.label (sprintf "%O; VmpOptions.Priors %O" c.Composition options))

/// The check has the power to see a term off by half a nat: on a fixed fit that it passes, each of the three reported
/// terms moved by 0.5 (an entropy off by a constant, say, which leaves VMP's updates and so its monotone trace alone)
/// is refused.
[<Fact>]
let ``The Monte Carlo check refuses a VMP ELBO with one term off by half a nat`` () =
    let c = { Composition = Mixture(2, DiagonalGaussian, 2, []); Seed = 5; Rows = 20 }
    let model, _, data = parametersAndData c 2
    let fit = fitVmp model data c.Seed 8 null
    let estimate = MonteCarloElbo.estimate (VmpPriorSet.For(model, null, data)) fit data mcDraws (Random 7)
    let verdict (terms: ElboTerms) = MonteCarloElbo.agrees mcSigmas mcSlack terms estimate
    let t = fit.Elbo
    Assert.True((verdict t).Holds, (verdict t).Detail)
    for moved in [ ElboTerms(t.ExpectedLogLikelihood + 0.5, t.ExpectedLogPrior, t.Entropy)
                   ElboTerms(t.ExpectedLogLikelihood, t.ExpectedLogPrior - 0.5, t.Entropy)
                   ElboTerms(t.ExpectedLogLikelihood, t.ExpectedLogPrior, t.Entropy + 0.5) ] do
        Assert.False((verdict moved).Holds, (verdict moved).Detail)
