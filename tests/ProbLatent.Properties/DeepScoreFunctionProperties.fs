/// Score-function gradients of belief nets of two layers, h2 → h1 → x, with the encoder q(h1 | x) q(h2 | h1), each
/// factor linear or with a tanh hidden layer: VIMCO's estimate of the gradient of the K-sample bound and NVIL's of the
/// ELBO are unbiased — their means over many draws match the gradients of the expectations summed over every K-tuple of
/// joint states, taken by finite differences — and the IWAE estimate of log p(x) agrees with enumeration within its error.
module ProbLatent.Properties.DeepScoreFunctionProperties

open System
open FsCheck.FSharp
open ProbLatent.Backends.ScoreFunction
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Properties.ScoreFunctionProperties

let bernoulli bit logit = bit * logit - softplus logit

/// A two-layer net's sizes; its parameters θ flat in the trainer's order: the top prior's logits (n2), the generative
/// maps h2 → h1 and h1 → x (each in×out weights, then biases), then the encoder factors' maps from the input up
/// (x → [hidden] → h1, then h1 → [hidden] → h2), each in×out weights then biases.
type Shape =
    { Top: int; Bottom: int; D: int; Hidden: int list }
    member s.EncoderWidths = [ [ s.D ] @ s.Hidden @ [ s.Bottom ]; [ s.Bottom ] @ s.Hidden @ [ s.Top ] ]
    member s.Maps =
        [ yield s.Top, s.Bottom
          yield s.Bottom, s.D
          for widths in s.EncoderWidths do yield! List.pairwise widths ]
    member s.Size = s.Top + (s.Maps |> List.sumBy (fun (i, o) -> i * o + o))

/// θ cut into the prior's logits and each map's (weights in×out, biases).
let unpack (shape: Shape) (theta: float[]) =
    let mutable at = shape.Top
    let maps =
        [ for (i, o) in shape.Maps do
              let w = theta[at .. at + i * o - 1]
              let b = theta[at + i * o .. at + i * o + o - 1]
              at <- at + i * o + o
              yield w, b, i, o ]
    theta[.. shape.Top - 1], maps

let affine (w: float[], b: float[], i, o) (input: float[]) =
    Array.init o (fun j -> b[j] + Seq.sum (seq { for k in 0 .. i - 1 -> input[k] * w[k * o + j] }))

/// An encoder factor's logits: tanh after each map but the last.
let factorLogits maps input =
    let last = List.length maps - 1
    maps |> List.indexed |> List.fold (fun v (m, map) -> let a = affine map v in if m < last then Array.map tanh a else a) input

/// log w and log q of joint state (h1 = the low Bottom bits, h2 the rest) at x.
let logWeightAndQ (shape: Shape) (theta: float[]) (x: float[]) (state: int) =
    let prior, maps = unpack shape theta
    let h1 = Array.init shape.Bottom (fun i -> float (state >>> i &&& 1))
    let h2 = Array.init shape.Top (fun i -> float (state >>> (shape.Bottom + i) &&& 1))
    let logBernoullis bits logits = Array.map2 bernoulli bits logits |> Array.sum
    let depth = shape.Hidden.Length + 1
    let encoder1, encoder2 = maps[2 .. 1 + depth], maps[2 + depth ..]
    let logP = logBernoullis h2 prior + logBernoullis h1 (affine maps[0] h2) + logBernoullis x (affine maps[1] h1)
    let logQ = logBernoullis h1 (factorLogits encoder1 x) + logBernoullis h2 (factorLogits encoder2 h1)
    logP - logQ, logQ

/// The net and encoder θ makes, as the library holds them (a SigmoidLayer's weights out×in).
let netOf (shape: Shape) (theta: float[]) =
    let prior, maps = unpack shape theta
    let layer (w: float[], b, i, o) = SigmoidLayer(Array.init (o * i) (fun k -> w[(k % i) * o + k / i]), b, i)
    let depth = shape.Hidden.Length + 1
    let factor (ms: (float[] * float[] * int * int) list) = BeliefNetEncoderLayer([| for (w, _, _, _) in ms -> w |], [| for (_, b, _, _) in ms -> b |])
    BooleanLatentModel(Array.map sigmoid prior, [| layer maps[0]; layer maps[1] |],
                       BeliefNetEncoder([| factor maps[2 .. 1 + depth]; factor maps[2 + depth ..] |]))

/// E over K independent joint draws from q of log (1/K) Σₖ wₖ, summed over every K-tuple of the joint states.
let expectedJointBound (shape: Shape) theta x k =
    boundOver (Array.init (1 <<< (shape.Top + shape.Bottom)) (logWeightAndQ shape theta x)) k

/// A tiny two-layer net of 1–2 bits a layer over 2–3 visible bits, linear encoder factors or a tanh layer of 2 in each.
let shapeAndTheta (c: Case) =
    let r = Random c.Seed
    let shape = { Top = 1 + r.Next 2; Bottom = 1 + r.Next 2; D = 2 + r.Next 2; Hidden = if r.Next 2 = 0 then [] else [ 2 ] }
    let theta = Array.init shape.Size (fun _ -> (r.NextDouble() * 2.0 - 1.0) * 1.5)
    let x = Array.init shape.D (fun _ -> float (r.Next 2))
    shape, theta, x

let describe (shape: Shape) label = sprintf "%s: %d+%d bits, d=%d, encoder hidden %A:" label shape.Top shape.Bottom shape.D shape.Hidden

/// Each gradient estimate is the mean over `copies` draws of K samples of the one point; `repeats` of them give its standard error,
/// from enough estimates that five of them are rarely exceeded by chance over a hundred cases of some forty parameters.
let copies, repeats = 250, 32

let replicated (x: float[]) = DataMatrix(Array.init (copies * x.Length) (fun i -> x[i % x.Length]), copies, x.Length)

[<CaseProperty>]
let ``VIMCO's gradient estimate is unbiased for the K-sample bound of a two-layer net`` () =
    Prop.forAll (caseOf 2 1 1 1) (fun c ->
        let shape, theta, x = shapeAndTheta c
        let k = c.Count + 1
        let exact = numericGradientOf (fun t -> expectedJointBound shape t x k) theta
        let trainer = BeliefNetTrainer.From(netOf shape theta, copies, ScoreFunctionOptions(Samples = k, Seed = c.Seed))
        let data, order = replicated x, Array.init copies id
        let estimates =
            Array.init repeats (fun _ ->
                trainer.Gradient(data, order, 0, copies, 1, 1) |> ignore
                trainer.Gradients |> Array.concat |> Array.map (fun g -> -(float g)))
        let table t = Array.init (1 <<< (shape.Top + shape.Bottom)) (logWeightAndQ shape t x)
        vimcoUnbiased table theta k exact estimates (copies * repeats) (describe shape (sprintf "VIMCO K=%d" k)))

/// NVIL's encoder gradient is the ELBO's divided by max(1, running s.d.): each estimate is multiplied back by the divisor
/// its minibatch used. The running mean and variance take 1% of each new minibatch (decay 0.99) after a few minibatches
/// of warming up, so the current draws' share in their own baseline (a bias of order 1 / draws) is negligible.
[<CaseProperty>]
let ``NVIL's gradient estimate is unbiased for the ELBO of a two-layer net`` () =
    Prop.forAll (caseOf 1 1 1 1) (fun c ->
        let shape, theta, x = shapeAndTheta c
        let exact = numericGradientOf (fun t -> expectedJointBound shape t x 1) theta
        let options = ScoreFunctionOptions(Estimator = ScoreEstimator.Nvil, Samples = 2, Seed = c.Seed, BaselineDecay = 0.99)
        let trainer = BeliefNetTrainer.From(netOf shape theta, copies, options)
        let data, order = replicated x, Array.init copies id
        let netParameters = shape.Top + (shape.Maps |> List.take 2 |> List.sumBy (fun (i, o) -> i * o + o))
        for _ in 1 .. 5 do trainer.Gradient(data, order, 0, copies, 1, 1) |> ignore
        let estimates =
            Array.init repeats (fun _ ->
                trainer.Gradient(data, order, 0, copies, 1, 1) |> ignore
                let divisor = (trainer.Signal :?> NvilSignal).Divisor
                trainer.Gradients |> Array.concat |> Array.mapi (fun p g -> -(float g) * (if p < netParameters then 1.0 else divisor)))
        // NVIL's baseline is a running average, not a function of the draws, so its true error is not enumerated here.
        unbiased exact (Array.zeroCreate exact.Length) estimates (describe shape "NVIL"))

/// The standard error IWAE-K's total has from the weights' true spread under q: √(Σₙ Var_q(w) / (K p(xₙ)²)) by the
/// delta method, each row's relative variance Σ_h q w² / p² − 1 enumerated over the joint states. The estimate's own
/// error comes from its draws' spread, which misses a state q seldom draws and p weighs heavily: then it is too small.
let exactImportanceError (shape: Shape) theta (data: DataMatrix) k =
    let logSum (values: float[]) = let m = Array.max values in m + log (Array.sumBy (fun v -> exp (v - m)) values)
    let relativeVariance n =
        let table = Array.init (1 <<< (shape.Top + shape.Bottom)) (logWeightAndQ shape theta (data.Row(n).ToArray()))
        let logP = logSum (table |> Array.map (fun (w, q) -> w + q))
        exp (logSum (table |> Array.map (fun (w, q) -> 2.0 * w + q)) - 2.0 * logP) - 1.0
    sqrt ((Array.init data.Rows relativeVariance |> Array.sum) / float k)

[<CaseProperty>]
let ``IWAE-k of a two-layer net agrees with its enumerated log-likelihood within four standard errors`` () =
    Prop.forAll (caseOf 6 1 1 1) (fun c ->
        let shape, theta, _ = shapeAndTheta c
        let r = Random(c.Seed + 1)
        let net = netOf shape theta
        let data = DataMatrix(Array.init (c.Count * shape.D) (fun _ -> float (r.Next 2)), c.Count, shape.D)
        let exact = net.PointLogLikelihoods(data) |> Array.sum
        // Ten thousand draws a point: the log of a mean of weights is skewed low, by less the more draws it takes, and at
        // a thousand the deviation below fell past four normal standard errors in one run of a hundred cases.
        let samples = 10_000
        let estimate = BeliefNetImportance.Estimate(net, data, samples = samples, seed = c.Seed).LogLikelihood
        // The larger of the estimate's own error and the one its weights truly have (see exactImportanceError).
        let error = max estimate.TotalStandardError (exactImportanceError shape theta data samples)
        abs (estimate.Total - exact) <= 4.0 * error
        |> Prop.label (sprintf "%d+%d bits, d=%d, hidden %A: IWAE %.5f ± %.5f (true error %.5f), exact %.5f" shape.Top shape.Bottom shape.D shape.Hidden
                           estimate.Total estimate.TotalStandardError error exact))
