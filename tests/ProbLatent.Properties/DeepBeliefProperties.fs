/// Deep belief nets small enough to enumerate: the recognition pass' bound never exceeds the exact log p(v), its Monte
/// Carlo estimate agrees with its enumerated value within the reported error, the bound is log p(v) where q is the exact
/// posterior, and a top machine that is the transpose of the first gives the first machine's own p(v).
module ProbLatent.Properties.DeepBeliefProperties

open System
open FsCheck.FSharp
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Properties.BoltzmannProperties

/// A net over m visible units with 1 + (seed mod 2) layers above the first (two or three in all), each of one to five units.
let net (r: Random) m spread =
    let layers = 2 + r.Next 2
    let sizes = Array.init layers (fun _ -> 1 + r.Next 5)
    let units = Array.append [| m |] sizes
    DeepBeliefNet [ for k in 0 .. layers - 1 -> machine r units[k] units[k + 1] spread ]

[<CaseProperty>]
let ``the enumerated bound of the recognition pass never exceeds the exact log p(v)`` () =
    Prop.forAll (caseOf 5 6 1 1) (fun c ->
        let r = Random c.Seed
        let dbn = net r c.Dimension 2.0
        let data = randomRows r c.Count c.Dimension
        let exact = dbn.PointLogLikelihoods(data) |> Array.sum
        let bound = DeepBeliefEnumeration.RecognitionBound(dbn, data)
        (bound <= exact + 1e-9 * (1.0 + abs exact)) |> Prop.label (sprintf "%O: bound %.9f > log p(v) %.9f" dbn bound exact))

[<CaseProperty>]
let ``the Monte Carlo bound agrees with the enumerated bound within its standard error`` () =
    Prop.forAll (caseOf 5 6 1 1) (fun c ->
        let r = Random c.Seed
        let dbn = net r c.Dimension 2.0
        let data = randomRows r c.Count c.Dimension
        let estimate = dbn.LowerBound(data, DeepBeliefBoundOptions(Samples = 2000, Seed = c.Seed))
        let bound = DeepBeliefEnumeration.RecognitionBound(dbn, data)
        let exact = dbn.PointLogLikelihoods(data) |> Array.sum
        (abs (estimate.Total - bound) <= 4.0 * estimate.StandardError + 1e-9
         && estimate.Total <= exact + 4.0 * estimate.StandardError + 1e-9)
        |> Prop.label (sprintf "%O: %O, enumerated bound %.6f, log p(v) %.6f" dbn estimate bound exact))

[<CaseProperty>]
let ``the bound is log p(v) where the recognition pass is the exact posterior`` () =
    Prop.forAll (caseOf 5 6 1 1) (fun c ->
        let r = Random c.Seed
        let shaped = net r c.Dimension 2.0
        // Zero weights make each layer's posterior its prior, which is σ(b) of the layer above (the top's visible biases at
        // the top): recognition biases equal to those make q the posterior, and the bound tight.
        let layers = shaped.Layers |> Seq.toArray
        let tight =
            [ for k in 0 .. layers.Length - 1 ->
                let l = layers[k]
                let hidden = if k + 1 < layers.Length then layers[k + 1].VisibleBiases |> Seq.toArray else l.HiddenBiases |> Seq.toArray
                RestrictedBoltzmannMachine(Array.zeroCreate (l.Visible * l.Hidden), l.VisibleBiases |> Seq.toArray, hidden) ]
            |> DeepBeliefNet
        let data = randomRows r c.Count c.Dimension
        let exact = tight.PointLogLikelihoods(data) |> Array.sum
        // The draws still scatter: each scores the entropy of its layer, not −log q of its own state, which is tight only on average.
        // Their scores are skewed (a rare state of a near-certain unit scores far below the rest), so too few draws can miss it
        // and sit several of their own standard errors high: 50 draws did, by 5 (replay (4666311471896703024,8671640090464116815)).
        let estimate = tight.LowerBound(data, DeepBeliefBoundOptions(Samples = 2000, Seed = c.Seed))
        (abs (DeepBeliefEnumeration.RecognitionBound(tight, data) - exact) <= 1e-9 * (1.0 + abs exact)
         && abs (estimate.Total - exact) <= 4.0 * estimate.StandardError + 1e-9)
        |> Prop.label (sprintf "%O: log p(v) %.9f, %O" tight exact estimate))

[<CaseProperty>]
let ``a top machine that is the first machine transposed gives the first machine's p(v)`` () =
    Prop.forAll (caseOf 5 6 1 5) (fun c ->
        let r = Random c.Seed
        let m, n = c.Dimension, c.Latent
        let first = machine r m n 1.5
        let w = first.Weights |> Seq.toArray
        let transposed = Array.init (n * m) (fun x -> w[(x % m) * n + x / m])
        // Hinton, Osindero and Teh's complementary prior: p(h) of the transposed machine is the first machine's own marginal of h.
        let top = RestrictedBoltzmannMachine(transposed, first.HiddenBiases |> Seq.toArray, first.VisibleBiases |> Seq.toArray)
        let data = randomRows r c.Count m
        let expected = first.PointLogLikelihoods data
        let actual = DeepBeliefNet([ first; top ]).PointLogLikelihoods data
        Array.forall2 (fun (a: float) b -> abs (a - b) <= 1e-9 * (1.0 + abs b)) actual expected
        |> Prop.label (sprintf "m=%d n=%d: %A against the machine's %A" m n actual expected))
