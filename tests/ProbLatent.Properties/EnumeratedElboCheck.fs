/// The check both enumerated-objective properties make (the Gaussian-mixture VAE's and the mixture of factor analysers'):
/// the tape's summed-over-c objective of a network, the ELBO of its terms, and the gradient of each parameter checked,
/// against an explicit sum over c written in double from the model's definition (central finite differences for the gradient).
module ProbLatent.Properties.EnumeratedElboCheck

open System
open ProbLatent.Autodiff
open ProbLatent.LatentModels
open ProbLatent.Neural
open ProbLatent.Properties.GradientCheck

/// The parameters by name, as double matrices (rows, columns, row-major values).
let parameters (net: VaeNetwork) =
    net.Parameters |> Seq.map (fun p -> p.Name, Mat.ofTensor p.Value) |> Map.ofSeq

/// Fails, naming <paramref name="case"/>, unless the tape agrees with <paramref name="explicitSum"/> of the network's
/// parameters on <paramref name="data"/> and <paramref name="noise"/>, in value and in the gradient of each of <paramref name="checkedParameters"/>.
let agreesWithExplicitSum (net: VaeNetwork) (checkedParameters: seq<Parameter>) (samples: int) (data: Mat) (noise: Mat)
                          (explicitSum: Map<string, Mat> -> float) (case: 'c) =
    for p in net.Parameters do p.ClearGradient()
    let tape = Tape()
    let struct (perRow, terms) = EnumeratedElbo.Build(net, tape, tape.Data(Mat.toTensor data), Mat.toTensor noise, samples)
    let total = tape.Sum perRow
    tape.Backward total
    let values = parameters net
    let expected = explicitSum values
    let actual = float total.Value[0, 0]
    if not (abs (actual - expected) <= forwardTolerance expected) then
        failwithf "objective %.9g, the explicit sum %.9g, for %A" actual expected case
    if not (abs (terms.Value - expected) <= forwardTolerance expected) then
        failwithf "the terms' ELBO %.9g, the explicit sum %.9g, for %A" terms.Value expected case
    // The gradient through q(c | x) is q(c | x) times the difference of c's term from the row's objective. When the
    // likely component's term is far out (a point thousands of nats from its decoder) that difference cancels two
    // float32 numbers of the row's objective's size, so the tape's gradient carries some units in the last place of
    // the objectives, however small the gradient itself.
    let cancellation = 64.0 * Math.Pow(2.0, -24.0) * Seq.sum (seq { for b in 0 .. perRow.Value.Rows - 1 -> abs (float perRow.Value[b, 0]) })
    for p in checkedParameters do
        let gradient = Mat.ofTensor p.Gradient
        for k in 0 .. gradient.Values.Length - 1 do
            let at delta = explicitSum (values |> Map.add p.Name (Mat.shift k delta values[p.Name]))
            let fd = (at step - at -step) / (2.0 * step)
            if not (abs (gradient.Values[k] - fd) <= gradientTolerance fd + cancellation) then
                failwithf "∂/∂ %s[%d] is %.9g, central differences of the explicit sum %.9g, for %A" p.Name k gradient.Values[k] fd case
