/// Properties of the reverse-mode autodiff tape and the neural layers built on it: every differentiable operation and
/// every layer agrees with central finite differences of an independent double-precision reference (forward value to
/// 1e-4, gradients to 1e-3, relative plus absolute). Each property runs 100 generated cases.
module ProbLatent.Properties.GradientProperties

open System
open FsCheck
open FsCheck.FSharp
open Xunit
open ProbLatent.Autodiff
open ProbLatent.Modeling
open ProbLatent.Neural
open ProbLatent.Numerics
open ProbLatent.Properties.GradientCheck

let config = Config.QuickThrowOnFailure.WithMaxTest(100)

/// Runs a property over 100 generated cases; the body throws (with a message) when the property fails.
let check (cases: Gen<'c>) (body: 'c -> unit) =
    Check.One(config, Prop.forAll (Arb.fromGen cases) body)

let checkOp (op: Op<'s>) = check (opCases op) (checkCase op)

// ---- the operations ---------------------------------------------------------------------------------------------

/// An elementwise operation of one rows × columns input whose values come from `values`.
let unary name (values: int -> int -> Gen<Mat>) (forward: Tape -> Variable -> Variable) (reference: Mat -> Mat) : Op<unit> =
    { Name = name
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! x = values r c
            return (), [| x |]
        }
      Differentiable = [| true |]
      Forward = fun () tape v -> forward tape v[0]
      Reference = fun () x -> reference x[0] }

/// An elementwise operation of two inputs of one shape, values in [−2, 2].
let binary name (forward: Tape -> Variable -> Variable -> Variable) (reference: Mat -> Mat -> Mat) : Op<unit> =
    { Name = name
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! a = matIn r c -2.0 2.0
            let! b = matIn r c -2.0 2.0
            return (), [| a; b |]
        }
      Differentiable = [| true; true |]
      Forward = fun () tape v -> forward tape v[0] v[1]
      Reference = fun () x -> reference x[0] x[1] }

let symmetric r c = matIn r c -2.0 2.0

let matMul : Op<unit> =
    { Name = "MatMul"
      Inputs =
        gen {
            let! m = rows
            let! k = columns
            let! n = columns
            let! a = matIn m k -2.0 2.0
            let! b = matIn k n -2.0 2.0
            return (), [| a; b |]
        }
      Differentiable = [| true; true |]
      Forward = fun () tape v -> tape.MatMul(v[0], v[1])
      Reference = fun () x -> Reference.matMul x[0] x[1] }

let addBias : Op<unit> =
    { Name = "AddBias"
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! x = matIn r c -2.0 2.0
            let! b = matIn 1 c -2.0 2.0
            return (), [| x; b |]
        }
      Differentiable = [| true; true |]
      Forward = fun () tape v -> tape.AddBias(v[0], v[1])
      Reference = fun () x -> Reference.addBias x[0] x[1] }

let linear : Op<unit> =
    { Name = "Linear"
      Inputs =
        gen {
            let! batch = rows
            let! inputs = columns
            let! outputs = columns
            let! x = matIn batch inputs -2.0 2.0
            let! w = matIn inputs outputs -2.0 2.0
            let! b = matIn 1 outputs -2.0 2.0
            return (), [| x; w; b |]
        }
      Differentiable = [| true; true; true |]
      Forward = fun () tape v -> tape.Linear(v[0], v[1], v[2])
      Reference = fun () x -> Reference.linear x[0] x[1] x[2] }

let tanhOp = unary "Tanh" symmetric (fun t x -> t.Tanh x) Reference.tanh
let sigmoid = unary "Sigmoid" symmetric (fun t x -> t.Sigmoid x) Reference.sigmoid
/// |x| ≥ 1e-3: central differences straddling the kink at 0 would measure neither side's slope.
let relu = unary "Relu" (fun r c -> matAwayFromZero r c 1e-3 2.0) (fun t x -> t.Relu x) Reference.relu
let softplus = unary "Softplus" (fun r c -> matIn r c -3.0 3.0) (fun t x -> t.Softplus x) Reference.softplus
let expOp = unary "Exp" symmetric (fun t x -> t.Exp x) Reference.exp
let logOp = unary "Log" (fun r c -> matIn r c 0.1 4.0) (fun t x -> t.Log x) Reference.log
let add = binary "Add" (fun t a b -> t.Add(a, b)) Reference.add
let subtract = binary "Subtract" (fun t a b -> t.Subtract(a, b)) Reference.subtract
let multiply = binary "Multiply" (fun t a b -> t.Multiply(a, b)) Reference.multiply

let scale : Op<float> =
    { Name = "Scale"
      Inputs =
        gen {
            let! c = valueIn -3.0 3.0
            let! r = rows
            let! k = columns
            let! x = matIn r k -2.0 2.0
            return c, [| x |]
        }
      Differentiable = [| true |]
      Forward = fun c tape v -> tape.Scale(v[0], float32 c)
      Reference = fun c x -> Reference.scale c x[0] }

let sumOp = unary "Sum" symmetric (fun t x -> t.Sum x) Reference.sum
let sumRows = unary "SumRows" symmetric (fun t x -> t.SumRows x) Reference.sumRows

/// Repeating once returns the input itself; that case is drawn too.
let repeatRows : Op<int> =
    { Name = "RepeatRows"
      Inputs =
        gen {
            let! times = Gen.choose (1, 4)
            let! r = rows
            let! c = columns
            let! x = matIn r c -2.0 2.0
            return times, [| x |]
        }
      Differentiable = [| true |]
      Forward = fun times tape v -> tape.RepeatRows(v[0], times)
      Reference = fun times x -> Reference.repeatRows times x[0] }

let groupLogMeanExp : Op<int> =
    { Name = "GroupLogMeanExp"
      Inputs =
        gen {
            let! groupSize = Gen.choose (1, 6)
            let! groups = Gen.choose (1, 4)
            let! v = matIn (groups * groupSize) 1 -3.0 3.0
            return groupSize, [| v |]
        }
      Differentiable = [| true |]
      Forward = fun groupSize tape v -> tape.GroupLogMeanExp(v[0], groupSize)
      Reference = fun groupSize x -> Reference.groupLogMeanExp groupSize x[0] }

/// The 0/1 data is a constant.
let bernoulliLogLikelihood : Op<unit> =
    { Name = "BernoulliLogLikelihood"
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! logits = matIn r c -3.0 3.0
            let! data = binaryMat r c
            return (), [| logits; data |]
        }
      Differentiable = [| true; false |]
      Forward = fun () tape v -> tape.BernoulliLogLikelihood(v[0], v[1])
      Reference = fun () x -> Reference.bernoulliLogLikelihood x[0] x[1] }

/// The three shapes a Gaussian's log-variance may take.
type LogVarianceShape =
    | PerElement
    | PerColumn
    | Shared

let gaussianLogDensity (shape: LogVarianceShape) : Op<unit> =
    { Name = sprintf "GaussianLogDensity (%A log-variance)" shape
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! x = matIn r c -2.0 2.0
            let! mean = matIn r c -2.0 2.0
            let vr, vc =
                match shape with
                | PerElement -> r, c
                | PerColumn -> 1, c
                | Shared -> 1, 1
            let! logVariance = matIn vr vc -2.0 2.0
            return (), [| x; mean; logVariance |]
        }
      Differentiable = [| true; true; true |]
      Forward = fun () tape v -> tape.GaussianLogDensity(v[0], v[1], v[2])
      Reference = fun () x -> Reference.gaussianLogDensity x[0] x[1] x[2] }

let standardNormalLogDensity =
    unary "StandardNormalLogDensity" symmetric (fun t z -> t.StandardNormalLogDensity z) Reference.standardNormalLogDensity

let klToStandardNormal : Op<unit> =
    { Name = "KlToStandardNormal"
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! mean = matIn r c -2.0 2.0
            let! logVariance = matIn r c -2.0 2.0
            return (), [| mean; logVariance |]
        }
      Differentiable = [| true; true |]
      Forward = fun () tape v -> tape.KlToStandardNormal(v[0], v[1])
      Reference = fun () x -> Reference.klToStandardNormal x[0] x[1] }

/// The noise is a constant tensor.
let reparameterize : Op<unit> =
    { Name = "Reparameterize"
      Inputs =
        gen {
            let! r = rows
            let! c = columns
            let! mean = matIn r c -2.0 2.0
            let! logVariance = matIn r c -2.0 2.0
            let! noise = matIn r c -2.5 2.5
            return (), [| mean; logVariance; noise |]
        }
      Differentiable = [| true; true; false |]
      Forward = fun () tape v -> tape.Reparameterize(v[0], v[1], v[2].Value)
      Reference = fun () x -> Reference.reparameterize x[0] x[1] x[2] }

let mixtureLogDensity : Op<unit> =
    { Name = "MixtureLogDensity"
      Inputs =
        gen {
            let! n = rows
            let! d = Gen.choose (1, 5)
            let! c = Gen.choose (1, 4)
            let! z = matIn n d -2.0 2.0
            let! logits = matIn 1 c -2.0 2.0
            let! means = matIn c d -2.0 2.0
            let! logVariances = matIn c d -2.0 2.0
            return (), [| z; logits; means; logVariances |]
        }
      Differentiable = [| true; true; true; true |]
      Forward = fun () tape v -> tape.MixtureLogDensity(v[0], v[1], v[2], v[3])
      Reference = fun () x -> Reference.mixtureLogDensity x[0] x[1] x[2] x[3] }

[<Fact>]
let ``MatMul agrees with finite differences`` () = checkOp matMul
[<Fact>]
let ``AddBias agrees with finite differences`` () = checkOp addBias
[<Fact>]
let ``Linear agrees with finite differences`` () = checkOp linear
[<Fact>]
let ``Tanh agrees with finite differences`` () = checkOp tanhOp
[<Fact>]
let ``Sigmoid agrees with finite differences`` () = checkOp sigmoid
[<Fact>]
let ``Relu agrees with finite differences`` () = checkOp relu
[<Fact>]
let ``Softplus agrees with finite differences`` () = checkOp softplus
[<Fact>]
let ``Exp agrees with finite differences`` () = checkOp expOp
[<Fact>]
let ``Log agrees with finite differences`` () = checkOp logOp
[<Fact>]
let ``Add agrees with finite differences`` () = checkOp add
[<Fact>]
let ``Subtract agrees with finite differences`` () = checkOp subtract
[<Fact>]
let ``Multiply agrees with finite differences`` () = checkOp multiply
[<Fact>]
let ``Scale agrees with finite differences`` () = checkOp scale
[<Fact>]
let ``Sum agrees with finite differences`` () = checkOp sumOp
[<Fact>]
let ``SumRows agrees with finite differences`` () = checkOp sumRows
[<Fact>]
let ``RepeatRows agrees with finite differences`` () = checkOp repeatRows
[<Fact>]
let ``GroupLogMeanExp agrees with finite differences`` () = checkOp groupLogMeanExp
[<Fact>]
let ``BernoulliLogLikelihood agrees with finite differences`` () = checkOp bernoulliLogLikelihood
[<Fact>]
let ``GaussianLogDensity (per-element log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity PerElement)
[<Fact>]
let ``GaussianLogDensity (per-column log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity PerColumn)
[<Fact>]
let ``GaussianLogDensity (shared log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity Shared)
[<Fact>]
let ``StandardNormalLogDensity agrees with finite differences`` () = checkOp standardNormalLogDensity
[<Fact>]
let ``KlToStandardNormal agrees with finite differences`` () = checkOp klToStandardNormal
[<Fact>]
let ``Reparameterize agrees with finite differences`` () = checkOp reparameterize
[<Fact>]
let ``MixtureLogDensity agrees with finite differences`` () = checkOp mixtureLogDensity

// ---- layers -----------------------------------------------------------------------------------------------------

/// An MLP's widths (input, hidden…, output), its parameter values, a minibatch, whether the minibatch is tracked (a
/// gradient wanted for it) or data, and the upstream weights of the output.
type LayerCase =
    { Widths: int[]
      X: Mat
      InputTracked: bool
      Weights: Mat[]
      Biases: Mat[]
      Upstream: Mat }

    /// x, then each layer's weight and bias: the inputs of the double reference.
    member c.Inputs = Array.append [| c.X |] (Array.collect id (Array.map2 (fun w b -> [| w; b |]) c.Weights c.Biases))

let activate activation (m: Mat) =
    match activation with
    | Activation.Tanh -> Reference.tanh m
    | Activation.Relu -> Reference.relu m
    | Activation.Softplus -> Reference.softplus m
    | Activation.Sigmoid -> Reference.sigmoid m
    | Activation.Identity -> m
    | other -> failwithf "unknown activation %A" other

/// The MLP's output from inputs laid out as LayerCase.Inputs, and the pre-activations of its hidden layers.
let mlpReference activation (inputs: Mat[]) =
    let layers = (inputs.Length - 1) / 2
    let mutable h = inputs[0]
    let hidden = ResizeArray()
    for l in 0 .. layers - 1 do
        let a = Reference.linear h inputs[1 + 2 * l] inputs[2 + 2 * l]
        if l < layers - 1 then
            hidden.Add a
            h <- activate activation a
        else h <- a
    h, hidden.ToArray()

/// Widths of 1–3 layers, each 1–6 wide; weights in [−1.5, 1.5], biases in [−1, 1], inputs in [−2, 2]. For ReLU,
/// cases with a hidden pre-activation within 1e-3 of the kink are left out.
let layerCases (depths: Gen<int>) activation =
    gen {
        let! layers = depths
        let! widths = Gen.arrayOfLength (layers + 1) (Gen.choose (1, 6))
        let! batch = rows
        let! x = matIn batch widths[0] -2.0 2.0
        let! inputTracked = Gen.frequency [ 3, Gen.constant true; 1, Gen.constant false ]
        let! weights = Gen.sequenceToArray [ for l in 0 .. layers - 1 -> matIn widths[l] widths[l + 1] -1.5 1.5 ]
        let! biases = Gen.sequenceToArray [ for l in 0 .. layers - 1 -> matIn 1 widths[l + 1] -1.0 1.0 ]
        let case = { Widths = widths; X = x; InputTracked = inputTracked; Weights = weights; Biases = biases; Upstream = x }
        let output, _ = mlpReference activation case.Inputs
        let! upstream = matIn output.Rows output.Columns -2.0 2.0
        return { case with Upstream = upstream }
    }
    |> Gen.where (fun case ->
        activation <> Activation.Relu
        || snd (mlpReference activation case.Inputs) |> Array.forall (fun a -> a.Values |> Array.forall (fun v -> abs v >= 1e-3)))

let setValue (p: Parameter) (m: Mat) = Array.blit (Array.map float32 m.Values) 0 p.Value.Data 0 m.Values.Length

/// Builds the layer's output on the tape and says how to read the input's and each parameter's gradient.
let layerForward (case: LayerCase) (layerParameters: Parameter[]) (forward: Tape -> Variable -> Variable) (tape: Tape) =
    let x = if case.InputTracked then tape.Input(Mat.toTensor case.X) else tape.Constant(Mat.toTensor case.X)
    let output = forward tape x
    output,
    Array.append
        [| (if case.InputTracked then Some(fun () -> x.Gradient) else None) |]
        (layerParameters |> Array.map (fun p -> Some(fun () -> p.Gradient)))

/// Σ R ⊙ Mlp.Forward(x) agrees with finite differences, for the input and every weight and bias.
let mlpAgrees activation =
    check (layerCases (Gen.choose (1, 3)) activation) (fun case ->
        let mlp = Mlp("mlp", case.Widths, activation)
        let parameters = Seq.toArray mlp.Parameters
        Array.iter2 setValue parameters case.Inputs[1..]
        agree $"Mlp ({activation})" (fun () -> sprintf "%A" case) case.Inputs case.Upstream (mlpReference activation >> fst)
            (layerForward case parameters (fun tape x -> mlp.Forward(tape, x))))

[<Fact>]
let ``Mlp (Tanh) agrees with finite differences`` () = mlpAgrees Activation.Tanh
[<Fact>]
let ``Mlp (Relu) agrees with finite differences`` () = mlpAgrees Activation.Relu
[<Fact>]
let ``Mlp (Softplus) agrees with finite differences`` () = mlpAgrees Activation.Softplus
[<Fact>]
let ``Mlp (Sigmoid) agrees with finite differences`` () = mlpAgrees Activation.Sigmoid
[<Fact>]
let ``Mlp (Identity) agrees with finite differences`` () = mlpAgrees Activation.Identity

/// A Dense layer agrees with finite differences; its parameter gradients accumulate over backward passes (a second
/// pass doubles them) until cleared, and a pass after clearing gives the first pass's gradients bit for bit.
[<Fact>]
let ``Dense agrees with finite differences and its gradients accumulate until cleared`` () =
    check (layerCases (Gen.constant 1) Activation.Identity) (fun case ->
        let dense = Dense("dense", case.Widths[0], case.Widths[1])
        let parameters = Seq.toArray dense.Parameters
        Array.iter2 setValue parameters case.Inputs[1..]
        let forward = layerForward case parameters (fun tape x -> dense.Forward(tape, x))
        agree "Dense" (fun () -> sprintf "%A" case) case.Inputs case.Upstream (mlpReference Activation.Identity >> fst) forward
        let pass () =
            let tape = Tape()
            let output, _ = forward tape
            tape.Backward(tape.Sum(tape.Multiply(output, tape.Constant(Mat.toTensor case.Upstream))))
        let first = parameters |> Array.map (fun p -> Mat.bits p.Gradient)
        pass ()
        parameters
        |> Array.iteri (fun i p ->
            let twice = Mat.bits p.Gradient
            for k in 0 .. twice.Length - 1 do
                let expected = 2.0 * float (first[i][k])
                if not (abs (float twice[k] - expected) <= 1e-6 * (1.0 + abs expected)) then
                    failwithf "Dense: %s gradient %d after two passes is %g, twice one pass is %g, for %A" p.Name k twice[k] expected case)
        for p in parameters do p.Gradient.Clear()
        pass ()
        parameters
        |> Array.iteri (fun i p ->
            if Mat.bits p.Gradient <> first[i] then
                failwithf "Dense: %s gradient after clearing is %A, the first pass gave %A, for %A" p.Name (Mat.bits p.Gradient) first[i] case))
