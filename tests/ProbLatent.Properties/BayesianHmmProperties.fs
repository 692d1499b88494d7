/// The Bayesian hidden Markov model by VMP on tiny sequences: its ELBO never decreases, and never exceeds log p(x) computed
/// by enumerating every path of states with π, A and the emissions integrated in closed form; and, for any chain q at fixed
/// parameters, the exact ELBO's gap is KL(q ‖ p(z | x)) by enumeration.
module ProbLatent.Properties.BayesianHmmProperties

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Numerics
open ProbLatent.Properties.HiddenMarkovProperties
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// log B(α) = Σ log Γ(αⱼ) − log Γ(Σα), the Dirichlet's normaliser.
let logBeta (alpha: float[]) = (alpha |> Array.sumBy SpecialFunctions.LogGamma) - SpecialFunctions.LogGamma(Array.sum alpha)

/// Each path's state of every step, with the steps of all sequences end to end.
let splitPath (lengths: int[]) (path: int[]) =
    let starts = Array.scan (+) 0 lengths
    [ for s in 0 .. lengths.Length - 1 -> path[starts[s] .. starts[s + 1] - 1] ]

/// log p(x) of a Bernoulli HMM with π ~ Dir(a₀), each row of A ~ Dir(a₁) and every probability ~ Beta(a, b): the sum over
/// every path z of the Dirichlet–multinomial p(z) and the Beta–Bernoulli p(x | z), nothing left to integrate numerically.
let exactEvidence k (lengths: int[]) (x: DataMatrix) a0 a1 (a: float) (b: float) =
    let d = x.Columns
    paths k x.Rows
    |> List.map (fun path ->
        let initial = Array.zeroCreate k
        let moves = Array.zeroCreate (k * k)
        for sequence in splitPath lengths path do
            initial[sequence[0]] <- initial[sequence[0]] + 1.0
            for t in 1 .. sequence.Length - 1 do moves[sequence[t - 1] * k + sequence[t]] <- moves[sequence[t - 1] * k + sequence[t]] + 1.0
        let prior = Array.create k a0
        let row = Array.create k a1
        let logChain =
            logBeta (Array.map2 (+) prior initial) - logBeta prior
            + List.sum [ for i in 0 .. k - 1 -> logBeta (Array.map2 (+) row moves[i * k .. i * k + k - 1]) - logBeta row ]
        let logEmissions =
            List.sum [ for s in 0 .. k - 1 do
                         for j in 0 .. d - 1 do
                             let ones = Seq.sum (seq { for t in 0 .. x.Rows - 1 do if path[t] = s then yield x[t, j] })
                             let visits = path |> Array.filter ((=) s) |> Array.length |> float
                             yield logBeta [| a + ones; b + visits - ones |] - logBeta [| a; b |] ]
        logChain + logEmissions)
    |> Array.ofList
    |> LogSumExp.Of

/// A tiny Bernoulli case: 1 to 3 states, 1 or 2 dimensions, one or two sequences of 6 steps in all at most (3⁶ paths).
let tinyBernoulli =
    gen {
        let! seed = Gen.choose (0, Int32.MaxValue - 1)
        let! k = Gen.choose (1, 3)
        let! d = Gen.choose (1, 2)
        let! steps = Gen.choose (k, 6)
        let! split = Gen.choose (0, steps - 1)
        return seed, k, d, (if split = 0 then [| steps |] else [| split; steps - split |])
    }
    |> Arb.fromGen

let hmmModel k d (emission: Likelihood) =
    Model.Define("hmm").Latent("z", Prior.MarkovChain(Prior.Categorical k)).Decoder(Decoder.PerComponent emission).Observe("x", d)

[<CaseProperty>]
let ``VMP's ELBO for a Bernoulli HMM never decreases and stays below the enumerated log evidence`` () =
    Prop.forAll tinyBernoulli (fun (seed, k, d, lengths) ->
        let r = Random seed
        let truth = HiddenMarkovModel(probabilities r k, Array.concat [ for _ in 1..k -> probabilities r k ], bernoulliMixture r k d)
        let data = truth.GenerateSequences(lengths, r).Data
        let a0, a1, a, b = 0.5 + 2.0 * r.NextDouble(), 0.5 + 2.0 * r.NextDouble(), 0.5 + 2.0 * r.NextDouble(), 0.5 + 2.0 * r.NextDouble()
        let model =
            (hmmModel k d (Likelihood.Bernoulli()))
                .Prior("initial", ParameterPrior.Dirichlet a0)
                .Prior("transitions", ParameterPrior.Dirichlet a1)
                .Prior("probabilities", ParameterPrior.Beta(a, b))
        let fit = model.Compile(Inference.Vmp(restarts = 1, seed = seed, maxIterations = 20, tolerance = -1.0)).FitSequences(data)
        let evidence = exactEvidence k lengths data.Steps a0 a1 a b
        ((Laws.nonDecreasing 1e-10 fit.Trace).Holds && fit.Elbo.Value <= evidence + 1e-9 && fit.Trace.Count = 21)
        |> Prop.label (sprintf "K=%d lengths=%A trace=%A elbo=%.12g log p(x)=%.12g" k lengths (Seq.toList fit.Trace) fit.Elbo.Value evidence))

[<CaseProperty>]
let ``VMP's ELBO for a Gaussian HMM never decreases over several sequences`` () =
    Prop.forAll (caseOf 40 2 1 3) (fun c ->
        let r = Random c.Seed
        let covariance = if r.Next 2 = 0 then Covariance.Full else Covariance.Diagonal
        let truth = HiddenMarkovModel(probabilities r c.Latent, Array.concat [ for _ in 1..c.Latent -> probabilities r c.Latent ], gaussianMixture r c.Latent c.Dimension covariance)
        let lengths = [| for _ in 1 .. 1 + r.Next 3 -> c.Latent + 2 + r.Next 30 |]
        let data = truth.GenerateSequences(lengths, r).Data
        let model = hmmModel c.Latent c.Dimension (Likelihood.Gaussian covariance)
        let model = if r.Next 2 = 0 then model.Prior("transitions", ParameterPrior.Dirichlet(0.5 + 3.0 * r.NextDouble())) else model
        ofFit
            (fun () -> model.Compile(Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 15, tolerance = -1.0)).FitSequences(data))
            (fun fit ->
                let q = fit.LatentPosterior :?> ChainPosterior
                ((Laws.nonDecreasing 1e-10 fit.Trace).Holds
                 && fit.Trace.Count = 16
                 && Tolerance.close 1e-9 (float (Array.sum lengths - lengths.Length)) (Seq.sum q.TransitionCounts)
                 && Tolerance.close 1e-9 (float lengths.Length) (Seq.sum q.InitialCounts))
                |> Prop.label (sprintf "lengths=%A %A trace=%A" lengths covariance (Seq.toList fit.Trace))))

[<CaseProperty>]
let ``For any chain q at fixed parameters the exact ELBO's gap is KL(q ‖ p(z | x))`` () =
    Prop.forAll tiny (fun (seed, k, d, steps) ->
        let r = Random seed
        let hmm = randomHmm r k d
        let x = hmm.Generate(steps, r).Data
        // q(z) ∝ exp(u(z₁) + Σₜ v(zₜ₋₁, zₜ) + Σₜ wₜ(zₜ)) with random potentials: a chain, not a product over steps.
        let u = Array.init k (fun _ -> 3.0 * r.NextDouble() - 1.5)
        let v = Array.init (k * k) (fun _ -> 3.0 * r.NextDouble() - 1.5)
        let w = Array.init (steps * k) (fun _ -> 3.0 * r.NextDouble() - 1.5)
        let all = paths k steps
        let score (path: int[]) = u[path[0]] + List.sum [ for t in 1 .. steps - 1 -> v[path[t - 1] * k + path[t]] ] + List.sum [ for t in 0 .. steps - 1 -> w[t * k + path[t]] ]
        let logNormaliser = all |> List.map score |> Array.ofList |> LogSumExp.Of
        let q = all |> List.map (fun path -> path, exp (score path - logNormaliser))
        let marginals = Array.init (steps * k) (fun i -> q |> List.sumBy (fun (path, p) -> if path[i / k] = i % k then p else 0.0))
        let initial = Array.init k (fun s -> marginals[s])
        let moves = Array.init (k * k) (fun ij -> q |> List.sumBy (fun (path, p) -> p * float (Seq.length (seq { for t in 1 .. steps - 1 do if path[t - 1] * k + path[t] = ij then yield () }))))
        let entropy = -(q |> List.sumBy (fun (_, p) -> if p > 0.0 then p * log p else 0.0))
        let chain = ChainPosterior(marginals, [| steps |], k, initial, moves, entropy)
        let logEvidence = hmm.LogLikelihood(SequenceData.Single x)
        let kl = q |> List.sumBy (fun (path, p) -> if p > 0.0 then p * (log p - (hmm.LogJoint(x, path) - logEvidence)) else 0.0)
        let gap = logEvidence - hmm.Elbo(x, chain).Value
        // The exact posterior scores a path by its own potentials: log q(z) = log p(x, z) − log p(x).
        let exact = hmm.Posterior x :?> ChainPosterior
        let scoreError = all |> List.map (fun path -> abs (exact.LogDensity [| path |] - (hmm.LogJoint(x, path) - logEvidence))) |> List.max
        (abs (gap - kl) <= 1e-9 * (1.0 + abs logEvidence) && kl >= -1e-12 && scoreError <= 1e-9 * (1.0 + abs logEvidence))
        |> Prop.label (sprintf "K=%d T=%d gap=%.15g KL=%.15g worst log q(z) error %g" k steps gap kl scoreError))

[<CaseProperty>]
let ``The kit's Monte Carlo ELBO of a VMP HMM agrees with the engine's, which stays below an importance-sampled log evidence`` () =
    Prop.forAll (caseOf 40 2 1 3) (fun c ->
        let r = Random c.Seed
        let emission, emissions =
            match r.Next 3 with
            | 0 -> (Likelihood.Gaussian Covariance.Full :> Likelihood), (gaussianMixture r c.Latent c.Dimension Covariance.Full :> DiscreteLatentModel)
            | 1 -> (Likelihood.Gaussian Covariance.Diagonal :> Likelihood), (gaussianMixture r c.Latent c.Dimension Covariance.Diagonal :> DiscreteLatentModel)
            | _ -> (Likelihood.Bernoulli() :> Likelihood), (bernoulliMixture r c.Latent c.Dimension :> DiscreteLatentModel)
        let truth = HiddenMarkovModel(probabilities r c.Latent, Array.concat [ for _ in 1..c.Latent -> probabilities r c.Latent ], emissions)
        let lengths = [| for _ in 1 .. 1 + r.Next 2 -> c.Latent + 3 + r.Next 15 |]
        let data = truth.GenerateSequences(lengths, r).Data
        let model = hmmModel c.Latent c.Dimension emission
        let model = if r.Next 2 = 0 then model.Prior("transitions", ParameterPrior.Dirichlet(0.5 + 3.0 * r.NextDouble())).Prior("initial", ParameterPrior.Dirichlet 2.0) else model
        ofFit
            (fun () -> model.Compile(Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 10, tolerance = -1.0)).FitSequences(data))
            (fun fit ->
                let priors = VmpPriorSet.For(model, null, data.Steps)
                let initialPrior, rowPrior = MonteCarloChainElbo.chainPriors model null c.Latent
                let estimate = MonteCarloChainElbo.estimate priors initialPrior rowPrior fit data 400 (Random(c.Seed + 1))
                let evidence, error = MonteCarloChainElbo.importanceLogEvidence priors initialPrior rowPrior fit data 400 (Random(c.Seed + 2))
                let agreement = MonteCarloElbo.agrees 4.5 1e-6 fit.Elbo estimate
                (agreement.Holds && fit.Elbo.Value <= evidence + 4.5 * error + 1e-6)
                |> Prop.label (sprintf "lengths=%A %A\n%s\nELBO %.10g, importance-sampled log p(x) %.10g ± %.3g" lengths emission agreement.Detail fit.Elbo.Value evidence error)))

[<CaseProperty>]
let ``More seeded restarts never give a lower best objective, for Baum-Welch (log p(x) + log p(θ)) and for VMP (the ELBO)`` () =
    // Bernoulli emissions, whose fits no start collapses, so every case compares two fits.
    Prop.forAll (caseOf 40 4 2 3) (fun c ->
        let r = Random c.Seed
        let truth = HiddenMarkovModel(probabilities r c.Latent, Array.concat [ for _ in 1..c.Latent -> probabilities r c.Latent ], bernoulliMixture r c.Latent c.Dimension)
        let data = truth.GenerateSequences([| 20 + r.Next 30; 10 + r.Next 20 |], r).Data
        let model = hmmModel c.Latent c.Dimension (Likelihood.Bernoulli())
        let fewer, more = 1 + r.Next 2, 3 + r.Next 3
        let em restarts = Inference.Em(restarts = restarts, seed = c.Seed, maxIterations = 8, tolerance = -1.0)
        let vmp restarts = Inference.Vmp(restarts = restarts, seed = c.Seed, maxIterations = 8, tolerance = -1.0)
        let objective (backend: ProbLatent.Backends.IBackend) = Seq.last (model.Compile(backend).FitSequences(data).Trace)
        let emFewer, emMore = objective (em fewer), objective (em more)
        let vmpFewer, vmpMore = objective (vmp fewer), objective (vmp more)
        (emMore >= emFewer && vmpMore >= vmpFewer)
        |> Prop.label (sprintf "restarts %d → %d: EM %.12g → %.12g, VMP %.12g → %.12g" fewer more emFewer emMore vmpFewer vmpMore))
