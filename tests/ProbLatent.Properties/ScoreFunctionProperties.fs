/// Score-function gradients of sigmoid belief nets small enough to enumerate: VIMCO's estimate of the gradient of the
/// K-sample bound is unbiased — its mean over many draws matches the gradient of E[log (1/K) Σₖ wₖ] taken by finite
/// differences of that expectation summed over every K-tuple of latent states.
module ProbLatent.Properties.ScoreFunctionProperties

open System
open FsCheck.FSharp
open ProbLatent.Backends.ScoreFunction
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Properties.LatentModelGenerators

let softplus x = if x > 0.0 then x + log (1.0 + exp -x) else log (1.0 + exp x)
let sigmoid x = 1.0 / (1.0 + exp -x)

/// The parameters in the trainer's gradient order: the prior's logits (n), the decoder's weights (d×n) and biases (d),
/// the encoder's weights (d×n) and biases (n).
type Net = { N: int; D: int; Theta: float[] }

let logWeightAndQ (net: Net) (x: float[]) (h: int) =
    let n, d, t = net.N, net.D, net.Theta
    let bit i = float (h >>> i &&& 1)
    let a i = t[i]
    let w j i = t[n + j * n + i]
    let b j = t[n + d * n + j]
    let v j i = t[n + d * n + d + j * n + i]
    let c i = t[n + 2 * d * n + d + i]
    let mutable logPrior, logQ, logLik = 0.0, 0.0, 0.0
    for i in 0 .. n - 1 do
        logPrior <- logPrior + bit i * a i - softplus (a i)
        let e = c i + Seq.sum (seq { for j in 0 .. d - 1 -> x[j] * v j i })
        logQ <- logQ + bit i * e - softplus e
    for j in 0 .. d - 1 do
        let l = b j + Seq.sum (seq { for i in 0 .. n - 1 -> w j i * bit i })
        logLik <- logLik + x[j] * l - softplus l
    logLik + logPrior - logQ, logQ

/// Every K-tuple of `count` states, each in turn in one array (overwritten between calls).
let forEachTuple count k (action: int[] -> unit) =
    let tuple = Array.zeroCreate k
    for index in 0 .. pown count k - 1 do
        let mutable rest = index
        for s in 0 .. k - 1 do
            tuple[s] <- rest % count
            rest <- rest / count
        action tuple

/// log of the mean of exp over values.
let logMeanExp (values: float[]) = let m = Array.max values in m + log (Array.averageBy (fun x -> exp (x - m)) values)

/// E over K independent draws from q of log (1/K) Σₖ wₖ, summed over every K-tuple of the states, from each state's
/// (log w, log q).
let boundOver (table: (float * float)[]) k =
    let mutable total = 0.0
    forEachTuple table.Length k (fun tuple ->
        let bound = logMeanExp (tuple |> Array.map (fun h -> fst table[h]))
        total <- total + exp (Array.sumBy (fun h -> snd table[h]) tuple) * bound)
    total

/// The standard error that the mean of `draws` VIMCO estimates truly has, for each parameter, with the mean those estimates
/// have, both enumerated over every K-tuple of states from the table of each state's (log w, log q) that `table` makes of
/// θ. One tuple's estimate is Σₖ ŵₖ ∇log wₖ + Σₖ (L̂ − L̂₋ₖ) ∇log q(hₖ), L̂₋ₖ the bound with wₖ replaced by the others'
/// geometric mean, each state's gradients by central differences. The error the draws' own spread gives misses a state
/// that q seldom draws and whose gradient is large: its share of the mean is then missing too, by many of those errors.
let vimcoErrorAndMean (table: float[] -> (float * float)[]) (theta: float[]) k draws =
    let states = table theta
    let count, size, step = states.Length, theta.Length, 1e-5
    let shifted p delta = table (Array.mapi (fun i t -> if i = p then t + delta else t) theta)
    let differences = Array.init size (fun p -> shifted p step, shifted p -step)
    let gradientOf part s = Array.init size (fun p -> let plus, minus = differences[p] in (part plus[s] - part minus[s]) / (2.0 * step))
    let logWeightGradients, logQGradients = Array.init count (gradientOf fst), Array.init count (gradientOf snd)
    let mean, second, estimate = Array.zeroCreate size, Array.zeroCreate size, Array.zeroCreate size
    forEachTuple count k (fun tuple ->
        let v = tuple |> Array.map (fun h -> fst states[h])
        let bound, total = logMeanExp v, Array.sum v
        Array.fill estimate 0 size 0.0
        for i in 0 .. k - 1 do
            let normalised = exp (v[i] - bound) / float k
            let signal = bound - logMeanExp (Array.mapi (fun j x -> if j = i then (total - x) / float (k - 1) else x) v)
            for p in 0 .. size - 1 do
                estimate[p] <- estimate[p] + normalised * logWeightGradients[tuple[i]][p] + signal * logQGradients[tuple[i]][p]
        let probability = exp (Array.sumBy (fun h -> snd states[h]) tuple)
        for p in 0 .. size - 1 do
            mean[p] <- mean[p] + probability * estimate[p]
            second[p] <- second[p] + probability * estimate[p] * estimate[p])
    Array.init size (fun p -> sqrt (max 0.0 (second[p] - mean[p] * mean[p]) / float draws)), mean

/// The same over the 2ⁿ states of a one-layer net.
let expectedBound (net: Net) (x: float[]) k = boundOver (Array.init (1 <<< net.N) (logWeightAndQ net x)) k

/// The mean over estimates of a gradient (each of many draws) is within five standard errors of the exact gradient —
/// the larger of the estimates' own and the true one where it is known (`trueErrors`, else zeros) — and a floor for
/// the float32 arithmetic of thousands of draws; the label names the parameters that are not.
let unbiased (exact: float[]) (trueErrors: float[]) (estimates: float[][]) label =
    let repeats = estimates.Length
    let mean p = Array.averageBy (fun (e: float[]) -> e[p]) estimates
    let standardError p =
        let m = mean p
        max trueErrors[p] (sqrt (Array.sumBy (fun (e: float[]) -> (e[p] - m) ** 2.0) estimates / float (repeats - 1) / float repeats))
    let failures =
        [ for p in 0 .. exact.Length - 1 do
              let error = abs (mean p - exact[p])
              if error > 5.0 * standardError p + 1e-3 * (1.0 + abs exact[p]) then
                  yield sprintf "θ[%d]: estimate %.5f exact %.5f (s.e. %.5f)" p (mean p) exact[p] (standardError p) ]
    List.isEmpty failures |> Prop.label (sprintf "%s %s" label (String.Join("; ", failures)))

/// VIMCO's estimates, `draws` in all, against the exact gradient within the larger of their own error and the true one
/// (vimcoErrorAndMean); the enumerated estimator's mean must itself be the exact gradient, or its errors are another's.
let vimcoUnbiased table theta k (exact: float[]) estimates draws label =
    let errors, mean = vimcoErrorAndMean table theta k draws
    let wrong = [ for p in 0 .. exact.Length - 1 do if abs (mean[p] - exact[p]) > 1e-5 * (1.0 + abs exact[p]) then yield p ]
    if List.isEmpty wrong then unbiased exact errors estimates label
    else false |> Prop.label (sprintf "%s the enumerated estimator's mean is not the exact gradient at θ%A" label wrong)

/// ∂objective/∂θ by central differences.
let numericGradientOf (objective: float[] -> float) (theta: float[]) =
    let step = 1e-5
    Array.init theta.Length (fun p ->
        let shifted delta = Array.mapi (fun i t -> if i = p then t + delta else t) theta
        (objective (shifted step) - objective (shifted -step)) / (2.0 * step))

let numericGradient (net: Net) x k = numericGradientOf (fun t -> expectedBound { net with Theta = t } x k) net.Theta

[<CaseProperty>]
let ``VIMCO's gradient estimate is unbiased for the K-sample bound`` () =
    Prop.forAll (caseOf 3 4 1 3) (fun c ->
        let r = Random c.Seed
        let n, d, k = c.Latent, c.Dimension, c.Count + 1
        let uniform spread = (r.NextDouble() * 2.0 - 1.0) * spread
        let theta = Array.init (2 * n + 2 * d * n + d) (fun _ -> uniform 1.5)
        let net = { N = n; D = d; Theta = theta }
        let x = Array.init d (fun _ -> float (r.Next 2))
        let exact = numericGradient net x k
        let a, w, b, v, cb = theta[.. n - 1], theta[n .. n + d * n - 1], theta[n + d * n .. n + d * n + d - 1],
                             theta[n + d * n + d .. n + 2 * d * n + d - 1], theta[n + 2 * d * n + d ..]
        let model = BooleanLatentModel(Array.map sigmoid a, [| SigmoidLayer(w, b, n) |], BeliefNetEncoder(v, cb))
        // Each gradient is the mean over `copies` draws of K samples of the one point; `repeats` of them give its error.
        // With 16 the estimated error's own spread gave a t of 15 degrees of freedom, whose tail passed 5 on one of the
        // thousands of components a run checks (replayed: it holds with 64).
        let copies, repeats = 500, 64
        let data = DataMatrix(Array.init (copies * d) (fun i -> x[i % d]), copies, d)
        let trainer = BeliefNetTrainer.From(model, copies, ScoreFunctionOptions(Samples = k, Seed = c.Seed))
        let order = Array.init copies id
        let estimates =
            Array.init repeats (fun _ ->
                trainer.Gradient(data, order, 0, copies, 1, 1) |> ignore
                trainer.Gradients |> Array.concat |> Array.map (fun g -> -(float g)))
        let table t = Array.init (1 <<< n) (logWeightAndQ { net with Theta = t } x)
        vimcoUnbiased table theta k exact estimates (copies * repeats) (sprintf "n=%d d=%d K=%d" n d k))
