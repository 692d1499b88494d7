/// Hidden Markov models on tiny sequences, where every path of states can be enumerated: the scaled forward–backward
/// algorithm and Viterbi against brute force over all Kᵀ paths, and Baum–Welch never decreasing log p(x) + log p(θ).
module ProbLatent.Properties.HiddenMarkovProperties

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Numerics
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// A random chain of k states, every probability at least 0.05 of its row before normalising, with the given emissions.
let chainOver (r: Random) k (emissions: DiscreteLatentModel) =
    HiddenMarkovModel(probabilities r k, Array.concat [ for _ in 1..k -> probabilities r k ], emissions)

/// A random chain with categorical emissions: each state's d columns over 2 or 3 symbols.
let randomCategoricalHmm (r: Random) k d = chainOver r k (categoricalMixture r k d (2 + r.Next 2))

/// A random chain with random emissions: a Gaussian mixture's components, full or diagonal, a Bernoulli mixture's, or
/// categoricals over 2 or 3 symbols.
let randomHmm (r: Random) k d =
    match r.Next 4 with
    | 0 -> chainOver r k (gaussianMixture r k d Covariance.Full)
    | 1 -> chainOver r k (gaussianMixture r k d Covariance.Diagonal)
    | 2 -> chainOver r k (bernoulliMixture r k d)
    | _ -> randomCategoricalHmm r k d

/// Every path of `steps` states over k states, as arrays.
let paths k steps =
    let rec go n = if n = 0 then [ [] ] else [ for rest in go (n - 1) do for s in 0 .. k - 1 -> s :: rest ]
    go steps |> List.map Array.ofList

/// A tiny case: 1 to 3 states, 1 or 2 dimensions, one sequence of 1 to 6 steps (at most 3⁶ = 729 paths).
let tiny =
    gen {
        let! seed = Gen.choose (0, Int32.MaxValue - 1)
        let! k = Gen.choose (1, 3)
        let! d = Gen.choose (1, 2)
        let! steps = Gen.choose (1, 6)
        return seed, k, d, steps
    }
    |> Arb.fromGen

/// The joint log p(x, z) of every path, by the model's own LogJoint (a sum of log π, log A and emission terms along it).
let enumerate (hmm: HiddenMarkovModel) (x: DataMatrix) =
    paths hmm.States x.Rows |> List.map (fun path -> path, hmm.LogJoint(x, path))

/// The forward algorithm's log p(x), and the sum of its per-step terms, against brute force over every path.
let forwardMatchesEnumeration draw =
    Prop.forAll tiny (fun (seed, k, d, steps) ->
        let r = Random seed
        let hmm: HiddenMarkovModel = draw r k d
        let x = hmm.Generate(steps, r).Data
        let brute = enumerate hmm x |> List.map snd |> Array.ofList |> LogSumExp.Of
        let forward = hmm.LogLikelihood(SequenceData.Single x)
        let steps' = hmm.PointLogLikelihoods x |> Array.sum
        (Tolerance.close 1e-10 brute forward && Tolerance.close 1e-10 forward steps')
        |> Prop.label (sprintf "K=%d T=%d brute=%.15g forward=%.15g sum of steps=%.15g" k steps brute forward steps'))

[<CaseProperty>]
let ``Forward log p(x) equals the log-sum over all K^T paths`` () = forwardMatchesEnumeration randomHmm

[<CaseProperty>]
let ``Categorical emissions: forward log p(x) equals the log-sum over all K^T paths`` () = forwardMatchesEnumeration randomCategoricalHmm

[<CaseProperty>]
let ``Posterior marginals and pairwise marginals sum to one and match enumeration`` () =
    Prop.forAll tiny (fun (seed, k, d, steps) ->
        let r = Random seed
        let hmm = randomHmm r k d
        let x = hmm.Generate(steps, r).Data
        let joint = enumerate hmm x
        let logEvidence = joint |> List.map snd |> Array.ofList |> LogSumExp.Of
        let weight (logJoint: float) = exp (logJoint - logEvidence)
        let marginal t s = joint |> List.sumBy (fun (path, lj) -> if path[t] = s then weight lj else 0.0)
        let pair t i j = joint |> List.sumBy (fun (path, lj) -> if path[t - 1] = i && path[t] = j then weight lj else 0.0)
        let q = hmm.Posterior x :?> ChainPosterior
        let gamma = q.Probabilities.ToArray()
        let pairwise = hmm.PairwiseMarginals x
        let sumsToOne = [ for t in 0 .. steps - 1 -> abs (Array.sum gamma[t * k .. t * k + k - 1] - 1.0) < 1e-12 ] |> List.forall id
        let marginalErrors = [ for t in 0 .. steps - 1 do for s in 0 .. k - 1 -> abs (gamma[t * k + s] - marginal t s) ]
        let pairErrors = [ for t in 1 .. steps - 1 do for i in 0 .. k - 1 do for j in 0 .. k - 1 -> abs (pairwise[(t - 1) * k * k + i * k + j] - pair t i j) ]
        let transitionErrors =
            [ for i in 0 .. k - 1 do for j in 0 .. k - 1 -> abs (q.TransitionCounts[i * k + j] - List.sum [ for t in 1 .. steps - 1 -> pair t i j ]) ]
        let worst = List.max (0.0 :: marginalErrors @ pairErrors @ transitionErrors)
        (sumsToOne && worst < 1e-10)
        |> Prop.label (sprintf "K=%d T=%d sums to one=%b worst difference from enumeration=%g" k steps sumsToOne worst))

[<CaseProperty>]
let ``Viterbi's path is at least as probable as every enumerated path`` () =
    Prop.forAll tiny (fun (seed, k, d, steps) ->
        let r = Random seed
        let hmm = randomHmm r k d
        let x = hmm.Generate(steps, r).Data
        let best = hmm.Viterbi x
        let joint = enumerate hmm x
        let ownJoint = hmm.LogJoint(x, best.States)
        let beaten = joint |> List.filter (fun (_, lj) -> lj > best.LogJoint + 1e-10 * abs best.LogJoint)
        (beaten.IsEmpty && Tolerance.close 1e-12 ownJoint best.LogJoint)
        |> Prop.label (sprintf "K=%d T=%d viterbi %A at %.15g (its LogJoint %.15g); beaten by %A" k steps (List.ofSeq best.States) best.LogJoint ownJoint beaten))

/// Fifteen Baum–Welch iterations from a drawn chain's sequences never decrease log p(x) + log p(θ), and end at the
/// fitted model's own forward log p(x).
let baumWelchNeverDecreases draw =
    Prop.forAll (caseOf 40 2 1 3) (fun c ->
        let r = Random c.Seed
        let truth: HiddenMarkovModel = draw r c.Latent c.Dimension
        let emission: Likelihood =
            match truth.Emissions with
            | :? GaussianMixture as g -> Likelihood.Gaussian g.CovarianceKind
            | :? CategoricalMixture as m -> Likelihood.Categorical m.SymbolCount
            | _ -> Likelihood.Bernoulli()
        let lengths = [| for _ in 1 .. 1 + r.Next 3 -> c.Latent + 2 + r.Next 30 |]
        let data = truth.GenerateSequences(lengths, r).Data
        let model =
            Model.Define("hmm").Latent("z", Prior.MarkovChain(Prior.Categorical c.Latent)).Decoder(Decoder.PerComponent emission).Observe("x", c.Dimension)
        let model = if r.Next 2 = 0 then model.Prior("transitions", ParameterPrior.Dirichlet(1.0 + 3.0 * r.NextDouble())) else model
        let regularization = [| 1e-6; 1e-2; 1.0 |][r.Next 3]
        ofFit
            (fun () -> model.Compile(Inference.Em(restarts = 1, seed = c.Seed, maxIterations = 15, tolerance = -1.0, regularization = regularization)).FitSequences(data))
            (fun fit ->
                let exact = (fit.Parameters :?> HiddenMarkovModel).LogLikelihood data
                ((Laws.nonDecreasing 1e-10 fit.Trace).Holds
                 && fit.Trace.Count = 16
                 && Tolerance.close 1e-9 exact fit.LogLikelihood
                 && (Laws.reportedElboBelowLogLikelihood 1e-9 0.0 fit.Elbo.Value fit.LogLikelihood).Holds)
                |> Prop.label (sprintf "lengths=%A λ=%g trace=%A logLik=%.12g exact=%.12g elbo=%.12g" lengths regularization (Seq.toList fit.Trace) fit.LogLikelihood exact fit.Elbo.Value)))

[<CaseProperty>]
let ``Baum-Welch never decreases log-likelihood plus log-prior`` () = baumWelchNeverDecreases randomHmm

[<CaseProperty>]
let ``Categorical emissions: Baum-Welch never decreases log-likelihood plus log-prior`` () = baumWelchNeverDecreases randomCategoricalHmm
