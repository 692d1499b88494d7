/// Properties of the mixture of factor analysers' enumerated objective (EnumeratedElbo with a per-component linear
/// decoder, as the reparameterized engine trains it): on tiny random networks and Gaussian data, the tape's objective
/// equals Σ_c q(c | x) [E_{q(z|x,c)} log N(x; W_c z + μ_c, Ψ_c) − KL(q(z | x, c) ‖ N(0, I)) − log q(c | x) + log π_c],
/// written here in double precision from the model's definition and the networks' weights, and the tape's gradient of
/// every trained parameter equals central finite differences of that sum. Diagonal and isotropic Ψ; 100 cases each.
module ProbLatent.Properties.FactorMixtureSgdProperties

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Autodiff
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Numerics
open ProbLatent.Properties.GradientCheck
open ProbLatent.Properties.EnumeratedElboCheck

type MfaCase =
    { Rows: int
      Dimension: int
      Latent: int
      Components: int
      Samples: int
      Isotropic: bool
      Seed: int }

let mfaCases =
    gen {
        let! rows = Gen.choose (1, 3)
        let! d = Gen.choose (1, 4)
        let! q = Gen.choose (1, 2)
        let! k = Gen.choose (1, 3)
        let! s = Gen.choose (1, 2)
        let! isotropic = Gen.elements [ false; true ]
        let! seed = Generators.seed
        return { Rows = rows; Dimension = d; Latent = q; Components = k; Samples = s; Isotropic = isotropic; Seed = seed }
    }

/// A network with random encoder, decoder, noise and mixing weights and a random input standardisation; z | c stays N(0, I).
let network (c: MfaCase) (r: Random) =
    let architecture =
        VaeArchitecture(
            DataDimension = c.Dimension, LatentDimension = c.Latent, EncoderHidden = [||], EncoderActivation = Activation.Identity,
            DecoderHidden = [||], DecoderActivation = Activation.Identity,
            Noise = (if c.Isotropic then ObservationNoise.LearnedIsotropic else ObservationNoise.LearnedDiagonal),
            PriorComponents = c.Components, MixtureGuide = true, ComponentDecoder = true)
    let net = VaeNetwork(architecture)
    net.Initialize r
    for p in net.Parameters do
        if not (p.Name.StartsWith "prior.means" || p.Name.StartsWith "prior.log_variances") then
            let span = p.Value.Span
            for i in 0 .. span.Length - 1 do
                span[i] <- float32 (toSingle (float span[i] + 0.5 * (r.NextDouble() - 0.5)))
    net

/// x W + b for one row.
let affine (p: Map<string, Mat>) name (x: float[]) =
    let w, b = p[name + ".weight"], p[name + ".bias"]
    Array.init w.Columns (fun j -> b[0, j] + Seq.sum (seq { for i in 0 .. w.Rows - 1 -> x[i] * w[i, j] }))

/// Component k's ELBO term for data row b, E_q log N(x; W_k z + μ_k, Ψ_k) − KL(q(z | x, k) ‖ N(0, I)) with S draws from
/// the noise rows (b·K + k)·S + s, and log q(k | x): from the definition, no tape.
let componentObjective (p: Map<string, Mat>) (c: MfaCase) (x: float[]) (noise: Mat) (b: int) (k: int) =
    let q, d, K = c.Latent, c.Dimension, c.Components
    let shift, scale = p["encoder.input_shift"], p["encoder.input_scale"]
    let standardised = Array.init d (fun j -> (x[j] - shift[0, j]) * scale[0, j])
    let means = affine p "encoder.mean" standardised
    let logVariances = affine p "encoder.log_variance" standardised
    let logits = affine p "encoder.component_logits" standardised
    let logQ = logits[k] - logSumExp logits
    let m j = means[k * q + j]
    let v j = logVariances[k * q + j]
    let w, bias, psi = p["decoder.0.weight"], p["decoder.0.bias"], p["noise.log_variance"]
    let logPsi j = if c.Isotropic then psi[k, 0] else psi[k, j]
    let reconstruction =
        Seq.average (seq {
            for s in 0 .. c.Samples - 1 ->
                let row = (b * K + k) * c.Samples + s
                let z = Array.init q (fun j -> m j + Math.Exp(0.5 * v j) * noise[row, j])
                Seq.sum (seq {
                    for j in 0 .. d - 1 ->
                        // W_k z + μ_k: the loadings of component k are rows k·q … of the weight, its mean row K·q + k.
                        let mean = bias[0, j] + w[K * q + k, j] + Seq.sum (seq { for i in 0 .. q - 1 -> z[i] * w[k * q + i, j] })
                        let r = x[j] - mean
                        -0.5 * (logTwoPi + logPsi j + r * r / Math.Exp(logPsi j)) }) })
    let kl = Seq.sum (seq { for j in 0 .. q - 1 -> 0.5 * (Math.Exp(v j) + m j * m j - 1.0 - v j) })
    reconstruction - kl, logQ

let explicitSum (p: Map<string, Mat>) (c: MfaCase) (data: Mat) (noise: Mat) =
    let priorLogits = p["prior.logits"]
    let logPi k = priorLogits[0, k] - logSumExp priorLogits.Values
    Seq.sum (seq {
        for b in 0 .. c.Rows - 1 ->
            let x = Array.init c.Dimension (fun j -> data[b, j])
            Seq.sum (seq {
                for k in 0 .. c.Components - 1 ->
                    let objective, logQ = componentObjective p c x noise b k
                    Math.Exp logQ * (objective - (logQ - logPi k)) }) })

[<CaseProperty>]
let ``The enumerated objective of a mixture of factor analysers and its gradient equal the explicit sum over c`` () =
    Generators.forCases mfaCases (fun c ->
        let r = Random c.Seed
        let net = network c r
        let data = Mat.init c.Rows c.Dimension (fun _ _ -> toSingle (2.0 * RandomExtensions.NextGaussian r))
        let noise = Mat.init (EnumeratedElbo.NoiseRows(net, c.Rows, c.Samples)) c.Latent (fun _ _ -> toSingle (RandomExtensions.NextGaussian r))
        agreesWithExplicitSum net net.Trainable c.Samples data noise (fun values -> explicitSum values c data noise) c)
