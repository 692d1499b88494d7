/// Restricted Boltzmann machines small enough to enumerate: AIS estimates log Z within its reported error, Gibbs chains
/// reach the joint p(v, h) (a χ² test), and the CD-k gradient approaches the exact gradient of log p(v) as k grows.
module ProbLatent.Properties.BoltzmannProperties

open System
open FsCheck.FSharp
open ProbLatent.Backends.Contrastive
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Properties.LatentModelGenerators

/// A machine of m visible and n hidden units with weights and biases uniform in ±spread.
let machine (r: Random) m n spread =
    let draw count = Array.init count (fun _ -> (r.NextDouble() * 2.0 - 1.0) * spread)
    RestrictedBoltzmannMachine(draw (m * n), draw m, draw n)

let bits count state = Array.init count (fun i -> float (state >>> i &&& 1))

/// Every visible state, one row each, state s with bit i in column i.
let allStates m = DataMatrix(Array.init (1 <<< m) (bits m) |> Array.concat, 1 <<< m, m)

let randomRows (r: Random) rows m = DataMatrix(Array.init (rows * m) (fun _ -> float (r.Next 2)), rows, m)

[<CaseProperty>]
let ``AIS log Z on machines of at most 12 units agrees with enumeration within its reported error`` () =
    Prop.forAll (caseOf 20 6 1 6) (fun c ->
        let r = Random c.Seed
        let m, n = c.Dimension, c.Latent
        let rbm = machine r m n 1.5
        let estimate = rbm.EstimateLogPartition(AisOptions(Chains = 100, Temperatures = 300, Seed = c.Seed), randomRows r c.Count m)
        let exact = rbm.LogPartition
        // The error over its reported standard error is close to a standard normal (on a machine whose run fell 4.5 errors
        // off, 20,000 reruns gave a spread of 1.006 and none beyond 4), so five errors keep a run of a hundred cases from
        // failing by chance once in a few hundred runs; the floor is for the float32 products of the chains (a weight of
        // 1.5 in float32 is off by 1e-7).
        (abs (estimate.LogPartition - exact) <= 5.0 * estimate.StandardError + 1e-4)
        |> Prop.label (sprintf "m=%d n=%d exact=%.6f %O" m n exact estimate))

/// The upper quantile of the χ² distribution with `df` degrees of freedom at tail probability `tail`.
let chiSquaredQuantile df tail = MathNet.Numerics.Distributions.ChiSquared.InvCDF(float df, 1.0 - tail)

[<CaseProperty>]
let ``Gibbs chains on tiny machines reach the enumerated joint p(v, h)`` () =
    Prop.forAll (caseOf 1 4 1 3) (fun c ->
        let r = Random c.Seed
        let m, n = c.Dimension, c.Latent
        let rbm = machine r m n 1.0
        // Independent chains, one sample each after the burn-in, are a multinomial sample of the joint once the chains have mixed.
        let samples = 4000
        let drawn = rbm.Sample(samples, GibbsOptions(Chains = samples, BurnIn = 40, Thinning = 1, Seed = c.Seed))
        let counts = Array.zeroCreate (1 <<< (m + n))
        for s in 0 .. samples - 1 do
            let mutable state = 0
            for i in 0 .. m - 1 do if drawn.Data[s, i] = 1.0 then state <- state ||| (1 <<< i)
            for j in 0 .. n - 1 do if drawn.Latents[s, j] = 1.0 then state <- state ||| (1 <<< (m + j))
            counts[state] <- counts[state] + 1
        let logZ = rbm.LogPartition
        let joint state =
            let v, h = bits m (state &&& ((1 <<< m) - 1)), bits n (state >>> m)
            let mutable e = 0.0
            for i in 0 .. m - 1 do
                e <- e + rbm.VisibleBiases[i] * v[i]
                for j in 0 .. n - 1 do e <- e + v[i] * rbm.Weights[i * n + j] * h[j]
            for j in 0 .. n - 1 do e <- e + rbm.HiddenBiases[j] * h[j]
            exp (e - logZ)
        // Cells expected to hold fewer than 5 are pooled, as Pearson's approximation asks.
        let expected = Array.init counts.Length (fun s -> float samples * joint s)
        let large = [| for s in 0 .. counts.Length - 1 do if expected[s] >= 5.0 then yield s |]
        let small = [| for s in 0 .. counts.Length - 1 do if expected[s] < 5.0 then yield s |]
        let cells =
            [ for s in large -> float counts[s], expected[s]
              if small.Length > 0 then yield float (small |> Array.sumBy (fun s -> counts[s])), small |> Array.sumBy (fun s -> expected[s]) ]
        let chi2 = cells |> List.sumBy (fun (o, e) -> (o - e) * (o - e) / e)
        let threshold = chiSquaredQuantile (cells.Length - 1) 1e-5
        (cells.Length < 2 || chi2 <= threshold)
        |> Prop.label (sprintf "m=%d n=%d χ²=%.2f over %d cells, threshold %.2f" m n chi2 cells.Length threshold))

/// The gradient of the mean log p(v) over the data with respect to W, written out: E_data[v p(h | v)ᵀ] − E_p[v p(h | v)ᵀ]
/// with the model's expectation over a distribution `q` of visible states; q = p gives the exact gradient.
let statistic (rbm: RestrictedBoltzmannMachine) (q: float[]) =
    let m, n = rbm.Visible, rbm.Hidden
    let p = rbm.HiddenProbabilities(allStates m)
    Array.init (m * n) (fun ij ->
        let i, j = ij / n, ij % n
        Seq.sum (seq { for s in 0 .. q.Length - 1 -> q[s] * (bits m s)[i] * p[s * n + j] }))

/// q T: one Gibbs sweep (h from p(h | v), then v from p(v | h)) applied to a distribution over visible states.
let sweep (rbm: RestrictedBoltzmannMachine) (q: float[]) =
    let m, n = rbm.Visible, rbm.Hidden
    let p = rbm.HiddenProbabilities(allStates m)
    let next = Array.zeroCreate q.Length
    for s in 0 .. q.Length - 1 do
        for h in 0 .. (1 <<< n) - 1 do
            let hb = bits n h
            let ph = Seq.fold (fun acc j -> acc * (if hb[j] = 1.0 then p[s * n + j] else 1.0 - p[s * n + j])) 1.0 (seq { 0 .. n - 1 })
            let pv = rbm.VisibleProbabilities(hb, 1)
            for t in 0 .. q.Length - 1 do
                let vb = bits m t
                let pvt = Seq.fold (fun acc i -> acc * (if vb[i] = 1.0 then pv[i] else 1.0 - pv[i])) 1.0 (seq { 0 .. m - 1 })
                next[t] <- next[t] + q[s] * ph * pvt
    next

[<CaseProperty>]
let ``The CD-k gradient approaches the exact log-likelihood gradient as k grows`` () =
    Prop.forAll (caseOf 8 4 1 3) (fun c ->
        let r = Random c.Seed
        let m, n = c.Dimension, c.Latent
        let rbm = machine r m n 1.0
        let data = randomRows r c.Count m
        let empirical = Array.zeroCreate (1 <<< m)
        for row in 0 .. c.Count - 1 do
            let state = Seq.sum (seq { for i in 0 .. m - 1 -> int data[row, i] <<< i })
            empirical[state] <- empirical[state] + 1.0 / float c.Count
        let model = rbm.PointLogLikelihoods(allStates m) |> Array.map exp
        let positive = statistic rbm empirical
        let exact = Array.map2 (-) positive (statistic rbm model)
        // The expected CD-k gradient: the negative phase at the data moved by k sweeps, q_k = data · Tᵏ.
        let steps = [ 1; 3; 30 ]
        let distributions = steps |> List.map (fun k -> Seq.fold (fun q _ -> sweep rbm q) empirical (seq { 1 .. k }))
        let expectedCd = distributions |> List.map (fun q -> Array.map2 (-) positive (statistic rbm q))
        let tv q = 0.5 * Array.sum (Array.map2 (fun a b -> abs (a - b)) q model)
        let distances = distributions |> List.map tv
        let errors = expectedCd |> List.map (fun g -> Array.map2 (fun a b -> abs (a - b)) g exact |> Array.max)
        // The library's CD-k on the data repeated: one update at learning rate 1 is the minibatch's mean gradient, within
        // five of its largest possible standard errors (each term lies in [0, 1]) of the expected one.
        let copies = 2000 / c.Count
        let repeated = DataMatrix(Array.init (copies * c.Count * m) (fun x -> data[(x / m) % c.Count, x % m]), copies * c.Count, m)
        let rows = repeated.Rows
        let tolerance = 5.0 * 0.5 / sqrt (float rows) + 1e-5
        let library k =
            let trainer = ContrastiveTrainer(rbm, rows, ContrastiveOptions(Steps = k, LearningRate = 1.0, Seed = c.Seed))
            trainer.Step(repeated, Array.init rows id, 0, rows, 1, 1)
            Array.map2 (-) (Seq.toArray (trainer.Machine().Weights)) (Seq.toArray rbm.Weights)
        let libraryErrors = List.map2 (fun k g -> Array.map2 (fun a b -> abs (a - b)) (library k) g |> Array.max) steps expectedCd
        // Each entry of v p(h | v)ᵀ lies in [0, 1], so a CD-k gradient is within TV(q_k, p) of the exact one; TV only falls with k.
        (List.forall2 (fun e d -> e <= d + 1e-12) errors distances
         && List.pairwise distances |> List.forall (fun (a, b) -> b <= a + 1e-12)
         && distances[2] < 1e-3
         && libraryErrors |> List.forall (fun e -> e <= tolerance))
        |> Prop.label (sprintf "m=%d n=%d TV=%A errors=%A library=%A tolerance=%g" m n distances errors libraryErrors tolerance))
