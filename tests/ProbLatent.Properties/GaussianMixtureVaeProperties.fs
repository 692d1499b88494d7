/// Properties of the Gaussian-mixture VAE's objective, its categorical c summed out exactly (EnumeratedElbo): on tiny
/// random networks, the tape's objective equals K separate single-component objectives weighted by q(c | x), less
/// KL(q(c | x) ‖ π), written here in double precision from the networks' weights, and the tape's gradient of every
/// parameter equals central finite differences of that sum. Each property runs 100 generated cases.
module ProbLatent.Properties.GaussianMixtureVaeProperties

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Autodiff
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Numerics
open ProbLatent.Properties.GradientCheck
open ProbLatent.Properties.EnumeratedElboCheck

type GmvaeCase =
    { Rows: int
      Dimension: int
      Latent: int
      Components: int
      Hidden: int
      Samples: int
      Seed: int }

let gmvaeCases =
    gen {
        let! rows = Gen.choose (1, 3)
        let! d = Gen.choose (1, 4)
        let! q = Gen.choose (1, 2)
        let! k = Gen.choose (1, 3)
        let! h = Gen.choose (1, 3)
        let! s = Gen.choose (1, 2)
        let! seed = Generators.seed
        return { Rows = rows; Dimension = d; Latent = q; Components = k; Hidden = h; Samples = s; Seed = seed }
    }

/// A network with random weights, prior logits, means and log-variances (not the zeros Initialize starts them at).
let network (c: GmvaeCase) (r: Random) =
    let architecture =
        VaeArchitecture(
            DataDimension = c.Dimension, LatentDimension = c.Latent, EncoderHidden = [| c.Hidden |], EncoderActivation = Activation.Tanh,
            DecoderHidden = [| c.Hidden |], DecoderActivation = Activation.Tanh, Noise = ObservationNoise.Bernoulli,
            PriorComponents = c.Components, MixtureGuide = true)
    let net = VaeNetwork(architecture)
    net.Initialize r
    for p in net.Parameters do
        let span = p.Value.Span
        for i in 0 .. span.Length - 1 do
            span[i] <- float32 (toSingle (float span[i] + 0.5 * (r.NextDouble() - 0.5)))
    net

/// x W + b, then the activation, for one row.
let dense (p: Map<string, Mat>) name (x: float[]) activation =
    let w, b = p[name + ".weight"], p[name + ".bias"]
    Array.init w.Columns (fun j -> activation (b[0, j] + Seq.sum (seq { for i in 0 .. w.Rows - 1 -> x[i] * w[i, j] })))

/// The single component c's objective for one data row, E_{q(z|x,c)} log p(x | z) − KL(q(z | x, c) ‖ p(z | c)) with S
/// draws from the given noise rows, and log q(c | x): written from the model's definition, no tape.
let componentObjective (p: Map<string, Mat>) (c: GmvaeCase) (x: float[]) (noise: Mat) (b: int) (k: int) =
    let q = c.Latent
    let trunk = dense p "encoder.0" x Math.Tanh
    let means = dense p "encoder.mean" trunk id
    let logVariances = dense p "encoder.log_variance" trunk id
    let logits = dense p "encoder.component_logits" trunk id
    let logQ = logits[k] - logSumExp logits
    let m j = means[k * q + j]
    let v j = logVariances[k * q + j]
    let reconstruction =
        Seq.average (seq {
            for s in 0 .. c.Samples - 1 ->
                let row = (b * c.Components + k) * c.Samples + s
                let z = Array.init q (fun j -> m j + Math.Exp(0.5 * v j) * noise[row, j])
                let output = dense p "decoder.1" (dense p "decoder.0" z Math.Tanh) id
                Seq.sum (seq {
                    for j in 0 .. c.Dimension - 1 ->
                        let prob = 1.0 / (1.0 + Math.Exp -output[j])
                        if x[j] = 1.0 then Math.Log prob else Math.Log(1.0 - prob) }) })
    let priorMeans, priorLogVariances = p["prior.means"], p["prior.log_variances"]
    let kl =
        Seq.sum (seq {
            for j in 0 .. q - 1 ->
                let w = priorLogVariances[k, j]
                let diff = m j - priorMeans[k, j]
                0.5 * (w - v j + (Math.Exp(v j) + diff * diff) / Math.Exp w - 1.0) })
    reconstruction - kl, logQ

/// Σ_b [Σ_c q(c | x_b) objective_c − KL(q(c | x_b) ‖ π)].
let explicitSum (p: Map<string, Mat>) (c: GmvaeCase) (data: Mat) (noise: Mat) =
    let priorLogits = p["prior.logits"]
    let logPi k = priorLogits[0, k] - logSumExp priorLogits.Values
    Seq.sum (seq {
        for b in 0 .. c.Rows - 1 ->
            let x = Array.init c.Dimension (fun j -> data[b, j])
            Seq.sum (seq {
                for k in 0 .. c.Components - 1 ->
                    let objective, logQ = componentObjective p c x noise b k
                    Math.Exp logQ * (objective - (logQ - logPi k)) }) })

let gmvaeCase (c: GmvaeCase) =
    let r = Random c.Seed
    let net = network c r
    let data = Mat.init c.Rows c.Dimension (fun _ _ -> if r.NextDouble() < 0.5 then 1.0 else 0.0)
    let noise = Mat.init (EnumeratedElbo.NoiseRows(net, c.Rows, c.Samples)) c.Latent (fun _ _ -> toSingle (RandomExtensions.NextGaussian r))
    net, data, noise

[<CaseProperty>]
let ``The enumerated objective and its gradient equal the explicit sum over c`` () =
    Generators.forCases gmvaeCases (fun c ->
        let net, data, noise = gmvaeCase c
        agreesWithExplicitSum net net.Parameters c.Samples data noise (fun values -> explicitSum values c data noise) c)
