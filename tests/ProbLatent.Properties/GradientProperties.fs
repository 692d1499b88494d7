/// Properties of the reverse-mode autodiff tape and the neural layers built on it. Every differentiable operation and
/// every layer agrees with central finite differences of an independent double-precision reference (forward value to
/// 1e-4, gradients to 1e-3, relative plus absolute); a composite of every operation does too (the chain rule and
/// gradients that fan in); a tape reused after Reset gives bit-identical results, and an evaluation tape the same
/// values; Adam's and SGD's first steps move against the gradient and clear it, and Adam minimises a convex quadratic.
/// Each property runs 100 generated cases.
module ProbLatent.Properties.GradientProperties

open System
open FsCheck
open FsCheck.FSharp
open global.Xunit
open ProbLatent.Autodiff
open ProbLatent.Modeling
open ProbLatent.Neural
open ProbLatent.Numerics
open ProbLatent.Properties.GradientCheck

let checkOp (op: Op<'s>) = Generators.forCases (opCases op) (checkCase op)

// ---- the operations ---------------------------------------------------------------------------------------------

/// An operation without a setting of its own: its inputs, which of them are differentiated, and its two versions.
let op name (inputs: Gen<Mat[]>) (differentiable: bool[]) (forward: Tape -> Variable[] -> Variable) (reference: Mat[] -> Mat) : Op<unit> =
    { Name = name
      Inputs = inputs |> Gen.map (fun m -> (), m)
      Differentiable = differentiable
      Forward = fun () tape v -> forward tape v
      Reference = fun () x -> reference x }

/// Inputs drawn for one size, rows × columns.
let sized (inputs: int -> int -> Gen<Mat[]>) =
    rows |> Gen.bind (fun r -> columns |> Gen.bind (fun c -> inputs r c))

/// An elementwise operation of one rows × columns input whose values come from `values`.
let unary name (values: int -> int -> Gen<Mat>) (forward: Tape -> Variable -> Variable) (reference: Mat -> Mat) =
    op name (sized (fun r c -> values r c |> Gen.map (fun x -> [| x |]))) [| true |] (fun t v -> forward t v[0]) (fun x -> reference x[0])

/// An operation of two inputs of one shape, values in [−2, 2].
let binary name (forward: Tape -> Variable -> Variable -> Variable) (reference: Mat -> Mat -> Mat) =
    let inputs r c = gen {
        let! a = matIn r c -2.0 2.0
        let! b = matIn r c -2.0 2.0
        return [| a; b |] }
    op name (sized inputs) [| true; true |] (fun t v -> forward t v[0] v[1]) (fun x -> reference x[0] x[1])

let symmetric r c = matIn r c -2.0 2.0

let matMul =
    let inputs = gen {
        let! m = rows
        let! k = columns
        let! n = columns
        let! a = matIn m k -2.0 2.0
        let! b = matIn k n -2.0 2.0
        return [| a; b |] }
    op "MatMul" inputs [| true; true |] (fun t v -> t.MatMul(v[0], v[1])) (fun x -> Reference.matMul x[0] x[1])

let addBias =
    let inputs r c = gen {
        let! x = matIn r c -2.0 2.0
        let! b = matIn 1 c -2.0 2.0
        return [| x; b |] }
    op "AddBias" (sized inputs) [| true; true |] (fun t v -> t.AddBias(v[0], v[1])) (fun x -> Reference.addBias x[0] x[1])

let linear =
    let inputs = gen {
        let! batch = rows
        let! inputs = columns
        let! outputs = columns
        let! x = matIn batch inputs -2.0 2.0
        let! w = matIn inputs outputs -2.0 2.0
        let! b = matIn 1 outputs -2.0 2.0
        return [| x; w; b |] }
    op "Linear" inputs [| true; true; true |] (fun t v -> t.Linear(v[0], v[1], v[2])) (fun x -> Reference.linear x[0] x[1] x[2])

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
let bernoulliLogLikelihood =
    let inputs r c = gen {
        let! logits = matIn r c -3.0 3.0
        let! data = binaryMat r c
        return [| logits; data |] }
    op "BernoulliLogLikelihood" (sized inputs) [| true; false |] (fun t v -> t.BernoulliLogLikelihood(v[0], v[1]))
        (fun x -> Reference.bernoulliLogLikelihood x[0] x[1])

/// The three shapes a Gaussian's log-variance may take.
type LogVarianceShape =
    | PerElement
    | PerColumn
    | Shared

let gaussianLogDensity (shape: LogVarianceShape) =
    let inputs r c = gen {
        let! x = matIn r c -2.0 2.0
        let! mean = matIn r c -2.0 2.0
        let vr, vc =
            match shape with
            | PerElement -> r, c
            | PerColumn -> 1, c
            | Shared -> 1, 1
        let! logVariance = matIn vr vc -2.0 2.0
        return [| x; mean; logVariance |] }
    op (sprintf "GaussianLogDensity (%A log-variance)" shape) (sized inputs) [| true; true; true |]
        (fun t v -> t.GaussianLogDensity(v[0], v[1], v[2])) (fun x -> Reference.gaussianLogDensity x[0] x[1] x[2])

let standardNormalLogDensity =
    unary "StandardNormalLogDensity" symmetric (fun t z -> t.StandardNormalLogDensity z) Reference.standardNormalLogDensity

let klToStandardNormal = binary "KlToStandardNormal" (fun t m v -> t.KlToStandardNormal(m, v)) Reference.klToStandardNormal

/// The noise is a constant tensor.
let reparameterize =
    let inputs r c = gen {
        let! mean = matIn r c -2.0 2.0
        let! logVariance = matIn r c -2.0 2.0
        let! noise = matIn r c -2.5 2.5
        return [| mean; logVariance; noise |] }
    op "Reparameterize" (sized inputs) [| true; true; false |] (fun t v -> t.Reparameterize(v[0], v[1], v[2].Value))
        (fun x -> Reference.reparameterize x[0] x[1] x[2])

let mixtureLogDensity =
    let inputs = gen {
        let! n = rows
        let! d = Gen.choose (1, 5)
        let! c = Gen.choose (1, 4)
        let! z = matIn n d -2.0 2.0
        let! logits = matIn 1 c -2.0 2.0
        let! means = matIn c d -2.0 2.0
        let! logVariances = matIn c d -2.0 2.0
        return [| z; logits; means; logVariances |] }
    op "MixtureLogDensity" inputs [| true; true; true; true |] (fun t v -> t.MixtureLogDensity(v[0], v[1], v[2], v[3]))
        (fun x -> Reference.mixtureLogDensity x[0] x[1] x[2] x[3])

[<CaseProperty>]
let ``MatMul agrees with finite differences`` () = checkOp matMul
[<CaseProperty>]
let ``AddBias agrees with finite differences`` () = checkOp addBias
[<CaseProperty>]
let ``Linear agrees with finite differences`` () = checkOp linear
[<CaseProperty>]
let ``Tanh agrees with finite differences`` () = checkOp tanhOp
[<CaseProperty>]
let ``Sigmoid agrees with finite differences`` () = checkOp sigmoid
[<CaseProperty>]
let ``Relu agrees with finite differences`` () = checkOp relu
[<CaseProperty>]
let ``Softplus agrees with finite differences`` () = checkOp softplus
[<CaseProperty>]
let ``Exp agrees with finite differences`` () = checkOp expOp
[<CaseProperty>]
let ``Log agrees with finite differences`` () = checkOp logOp
[<CaseProperty>]
let ``Add agrees with finite differences`` () = checkOp add
[<CaseProperty>]
let ``Subtract agrees with finite differences`` () = checkOp subtract
[<CaseProperty>]
let ``Multiply agrees with finite differences`` () = checkOp multiply
[<CaseProperty>]
let ``Scale agrees with finite differences`` () = checkOp scale
[<CaseProperty>]
let ``Sum agrees with finite differences`` () = checkOp sumOp
[<CaseProperty>]
let ``SumRows agrees with finite differences`` () = checkOp sumRows
[<CaseProperty>]
let ``RepeatRows agrees with finite differences`` () = checkOp repeatRows
[<CaseProperty>]
let ``GroupLogMeanExp agrees with finite differences`` () = checkOp groupLogMeanExp
[<CaseProperty>]
let ``BernoulliLogLikelihood agrees with finite differences`` () = checkOp bernoulliLogLikelihood
[<CaseProperty>]
let ``GaussianLogDensity (per-element log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity PerElement)
[<CaseProperty>]
let ``GaussianLogDensity (per-column log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity PerColumn)
[<CaseProperty>]
let ``GaussianLogDensity (shared log-variance) agrees with finite differences`` () = checkOp (gaussianLogDensity Shared)
[<CaseProperty>]
let ``StandardNormalLogDensity agrees with finite differences`` () = checkOp standardNormalLogDensity
[<CaseProperty>]
let ``KlToStandardNormal agrees with finite differences`` () = checkOp klToStandardNormal
[<CaseProperty>]
let ``Reparameterize agrees with finite differences`` () = checkOp reparameterize
[<CaseProperty>]
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
    | Nonlinearity.Tanh -> Reference.tanh m
    | Nonlinearity.Relu -> Reference.relu m
    | Nonlinearity.Softplus -> Reference.softplus m
    | Nonlinearity.Sigmoid -> Reference.sigmoid m
    | Nonlinearity.Identity -> m
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
        activation <> Nonlinearity.Relu
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
    Generators.forCases (layerCases (Gen.choose (1, 3)) activation) (fun case ->
        let mlp = Mlp("mlp", case.Widths, activation)
        let parameters = Seq.toArray mlp.Parameters
        Array.iter2 setValue parameters case.Inputs[1..]
        agree $"Mlp ({activation})" (fun () -> sprintf "%A" case) case.Inputs case.Upstream (mlpReference activation >> fst)
            (layerForward case parameters (fun tape x -> mlp.Forward(tape, x))))

[<CaseProperty>]
let ``Mlp (Tanh) agrees with finite differences`` () = mlpAgrees Nonlinearity.Tanh
[<CaseProperty>]
let ``Mlp (Relu) agrees with finite differences`` () = mlpAgrees Nonlinearity.Relu
[<CaseProperty>]
let ``Mlp (Softplus) agrees with finite differences`` () = mlpAgrees Nonlinearity.Softplus
[<CaseProperty>]
let ``Mlp (Sigmoid) agrees with finite differences`` () = mlpAgrees Nonlinearity.Sigmoid
[<CaseProperty>]
let ``Mlp (Identity) agrees with finite differences`` () = mlpAgrees Nonlinearity.Identity

/// A Dense layer agrees with finite differences; its parameter gradients accumulate over backward passes (a second
/// pass doubles them) until cleared, and a pass after clearing gives the first pass's gradients bit for bit.
[<CaseProperty>]
let ``Dense agrees with finite differences and its gradients accumulate until cleared`` () =
    Generators.forCases (layerCases (Gen.constant 1) Nonlinearity.Identity) (fun case ->
        let dense = Dense("dense", case.Widths[0], case.Widths[1])
        let parameters = Seq.toArray dense.Parameters
        Array.iter2 setValue parameters case.Inputs[1..]
        let forward = layerForward case parameters (fun tape x -> dense.Forward(tape, x))
        agree "Dense" (fun () -> sprintf "%A" case) case.Inputs case.Upstream (mlpReference Nonlinearity.Identity >> fst) forward
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
        let passAfter how (clear: Parameter -> unit) =
            for p in parameters do clear p
            pass ()
            parameters
            |> Array.iteri (fun i p ->
                if Mat.bits p.Gradient <> first[i] then
                    failwithf "Dense: %s gradient after %s is %A, the first pass gave %A, for %A" p.Name how (Mat.bits p.Gradient) first[i] case)
        passAfter "clearing" (fun p -> p.Gradient.Clear())
        // ClearGradient defers the zeros: the next pass overwrites the stale values, and a read before it sees zeros.
        passAfter "ClearGradient" (fun p -> p.ClearGradient())
        for p in parameters do p.ClearGradient()
        for p in parameters do
            if p.Gradient.Span.ToArray() |> Array.exists (fun g -> g <> 0f) then
                failwithf "Dense: %s gradient reads %A after ClearGradient, for %A" p.Name (Mat.bits p.Gradient) case)

/// Binary data on the tape (`Tape.Data`) is multiplied by summing the rows its ones select: a dense layer of each
/// kind, and a MatMul, fed such data give the outputs and the weight and bias gradients that they give through
/// `Tape.Constant` (the dense product), bit for bit. Shapes reach past the kernel's 64-column blocks and its vector and scalar tails;
/// densities include rows of zeros and data too dense for the sparse path.
[<CaseProperty>]
let ``A layer fed binary data gives the dense product's values and gradients bit for bit`` () =
    let cases = gen {
        let! n = Gen.choose (1, 12)
        let! inputs = Gen.choose (1, 40)
        let! outputs = Gen.choose (1, 150)
        let! density = Gen.elements [ 0.0; 0.05; 0.2; 0.45; 0.8; 1.0 ]
        let! x = Gen.arrayOfLength (n * inputs) (Generators.floatIn 0.0 1.0 |> Gen.map (fun u -> if u < density then 1.0 else 0.0))
        let! weight = matIn inputs outputs -2.0 2.0
        let! bias = matIn 1 outputs -2.0 2.0
        let! upstream = matIn n outputs -2.0 2.0
        let! activation = Gen.elements [ Nonlinearity.Tanh; Nonlinearity.Identity; Nonlinearity.Relu ]
        return {| X = { Rows = n; Columns = inputs; Values = x }; Weight = weight; Bias = bias; Upstream = upstream; Activation = activation |} }
    Generators.forCases cases (fun case ->
        let dense = Dense("dense", case.Weight.Rows, case.Weight.Columns)
        setValue dense.Weight case.Weight
        setValue dense.Bias case.Bias
        let run (input: Tape -> Tensor -> Variable) =
            let tape = Tape()
            let x = input tape (Mat.toTensor case.X)
            let output = dense.Forward(tape, x, case.Activation)
            let weight = tape.Input(Mat.toTensor case.Weight)
            let product = tape.MatMul(x, weight)
            let upstream = tape.Constant(Mat.toTensor case.Upstream)
            tape.Backward(tape.Add(tape.Sum(tape.Multiply(output, upstream)), tape.Sum(tape.Multiply(product, upstream))))
            let result =
                [ output.Value; dense.Weight.Gradient; dense.Bias.Gradient; product.Value; weight.Gradient ] |> List.map Mat.bits
            for p in dense.Parameters do p.ClearGradient()
            result
        let expected = run (fun tape x -> tape.Constant x)
        let actual = run (fun tape x -> tape.Data x)
        if actual <> expected then
            failwithf "Dense (%A) on binary data: the sparse path gives %A, the dense product %A, for %A" case.Activation actual expected case)

// ---- every operation at once -----------------------------------------------------------------------------------

/// The sizes of the composite: a minibatch of n rows of d features, h hidden units, k latent dimensions, S samples
/// per row and C mixture components.
type CompositeSizes = { N: int; D: int; H: int; K: int; S: int; C: int }

/// The composite's inputs, in order: x, data (constant), W1, b1, Wm, bm, Wv, bv, noise (constant), Wd, bd, mixture
/// logits, means and log-variances.
let compositeInputs (s: CompositeSizes) =
    Gen.sequenceToArray
        [ matIn s.N s.D -2.0 2.0
          binaryMat s.N s.D
          matIn s.D s.H -1.0 1.0
          matIn 1 s.H -1.0 1.0
          matIn s.H s.K -1.0 1.0
          matIn 1 s.K -1.0 1.0
          matIn s.H s.K -1.0 1.0
          matIn 1 s.K -1.0 1.0
          matIn (s.N * s.S) s.K -2.0 2.0
          matIn s.K s.D -1.0 1.0
          matIn 1 s.D -1.0 1.0
          matIn 1 s.C -1.0 1.0
          matIn s.C s.K -1.0 1.0
          matIn s.C s.K -1.0 1.0 ]

let compositeDifferentiable = [| true; false; true; true; true; true; true; true; false; true; true; true; true; true |]

/// An importance-weighted VAE-like bound, with a penalty and a sample term so every operation takes part and several
/// values feed more than one operation (h, μ, log σ², z): an n × 1 column. `ops` is the tape or the double reference.
type CompositeOps<'v> =
    { Linear: 'v -> 'v -> 'v -> 'v
      MatMul: 'v -> 'v -> 'v
      AddBias: 'v -> 'v -> 'v
      Tanh: 'v -> 'v
      Sigmoid: 'v -> 'v
      Relu: 'v -> 'v
      Softplus: 'v -> 'v
      Exp: 'v -> 'v
      Log: 'v -> 'v
      Add: 'v -> 'v -> 'v
      Subtract: 'v -> 'v -> 'v
      Multiply: 'v -> 'v -> 'v
      Scale: float -> 'v -> 'v
      Sum: 'v -> 'v
      SumRows: 'v -> 'v
      RepeatRows: int -> 'v -> 'v
      GroupLogMeanExp: int -> 'v -> 'v
      Bernoulli: 'v -> 'v -> 'v
      Gaussian: 'v -> 'v -> 'v -> 'v
      StandardNormal: 'v -> 'v
      Kl: 'v -> 'v -> 'v
      Reparameterize: 'v -> 'v -> 'v -> 'v
      Mixture: 'v -> 'v -> 'v -> 'v -> 'v }

let composite (o: CompositeOps<'v>) (s: CompositeSizes) (v: 'v[]) =
    let h = o.Tanh(o.Linear v[0] v[2] v[3])
    let mu = o.AddBias (o.MatMul h v[4]) v[5]
    let logVariance = o.Scale 1.5 (o.Tanh(o.Linear h v[6] v[7]))
    let muR, logVarianceR = o.RepeatRows s.S mu, o.RepeatRows s.S logVariance
    let z = o.Reparameterize muR logVarianceR v[8]
    let likelihood = o.Bernoulli (o.Linear (o.Sigmoid z) v[9] v[10]) (o.RepeatRows s.S v[1])
    let logWeights = o.Subtract (o.Add likelihood (o.Mixture z v[11] v[12] v[13])) (o.Gaussian z muR logVarianceR)
    let bound = o.GroupLogMeanExp s.S logWeights
    let penalty = o.SumRows(o.Log(o.Add (o.Exp(o.Relu h)) (o.Softplus h)))
    let sample = o.RepeatRows s.N (o.Sum(o.Multiply (o.StandardNormal z) (o.StandardNormal z)))
    o.Add (o.Subtract bound (o.Scale 0.1 (o.Kl mu logVariance))) (o.Add (o.Scale 0.1 penalty) (o.Scale 0.001 sample))

let referenceOps : CompositeOps<Mat> =
    { Linear = Reference.linear; MatMul = Reference.matMul; AddBias = Reference.addBias; Tanh = Reference.tanh
      Sigmoid = Reference.sigmoid; Relu = Reference.relu; Softplus = Reference.softplus; Exp = Reference.exp
      Log = Reference.log; Add = Reference.add; Subtract = Reference.subtract; Multiply = Reference.multiply
      Scale = (fun c x -> Reference.scale (toSingle c) x); Sum = Reference.sum; SumRows = Reference.sumRows
      RepeatRows = Reference.repeatRows; GroupLogMeanExp = Reference.groupLogMeanExp
      Bernoulli = Reference.bernoulliLogLikelihood; Gaussian = Reference.gaussianLogDensity
      StandardNormal = Reference.standardNormalLogDensity; Kl = Reference.klToStandardNormal
      Reparameterize = Reference.reparameterize; Mixture = Reference.mixtureLogDensity }

let tapeOps (t: Tape) : CompositeOps<Variable> =
    { Linear = (fun x w b -> t.Linear(x, w, b)); MatMul = (fun a b -> t.MatMul(a, b)); AddBias = (fun x b -> t.AddBias(x, b))
      Tanh = t.Tanh; Sigmoid = t.Sigmoid; Relu = t.Relu; Softplus = t.Softplus; Exp = t.Exp; Log = t.Log
      Add = (fun a b -> t.Add(a, b)); Subtract = (fun a b -> t.Subtract(a, b)); Multiply = (fun a b -> t.Multiply(a, b))
      Scale = (fun c x -> t.Scale(x, float32 c)); Sum = t.Sum; SumRows = t.SumRows
      RepeatRows = (fun n x -> t.RepeatRows(x, n)); GroupLogMeanExp = (fun n x -> t.GroupLogMeanExp(x, n))
      Bernoulli = (fun l x -> t.BernoulliLogLikelihood(l, x)); Gaussian = (fun x m v -> t.GaussianLogDensity(x, m, v))
      StandardNormal = t.StandardNormalLogDensity; Kl = (fun m v -> t.KlToStandardNormal(m, v))
      Reparameterize = (fun m v e -> t.Reparameterize(m, v, e.Value))
      Mixture = (fun z l m v -> t.MixtureLogDensity(z, l, m, v)) }

/// The composite's sizes, inputs and upstream weights, and a second run's (for the reuse property): half the time of
/// the same sizes, so every recycled buffer is handed out again holding stale values, half the time of other sizes, so
/// buffers are outgrown and reused for smaller tensors. The ReLU in the penalty must not sit within 1e-3 of its kink.
type CompositeCase =
    { Sizes: CompositeSizes
      Inputs: Mat[]
      Upstream: Mat
      OtherSizes: CompositeSizes
      OtherInputs: Mat[]
      OtherUpstream: Mat }

let compositeSizes =
    gen {
        let! n = Gen.choose (1, 4)
        let! d = Gen.choose (1, 5)
        let! h = Gen.choose (1, 5)
        let! k = Gen.choose (1, 3)
        let! s = Gen.choose (1, 3)
        let! c = Gen.choose (1, 3)
        return { N = n; D = d; H = h; K = k; S = s; C = c }
    }

let compositeCases =
    let awayFromKink (inputs: Mat[]) =
        let h = Reference.tanh (Reference.linear inputs[0] inputs[2] inputs[3])
        h.Values |> Array.forall (fun v -> abs v >= 1e-3)
    gen {
        let! sizes = compositeSizes
        let! inputs = compositeInputs sizes
        let! upstream = matIn sizes.N 1 -2.0 2.0
        let! otherSizes = Gen.frequency [ 1, Gen.constant sizes; 1, compositeSizes ]
        let! otherInputs = compositeInputs otherSizes
        let! otherUpstream = matIn otherSizes.N 1 -2.0 2.0
        return
            { Sizes = sizes; Inputs = inputs; Upstream = upstream
              OtherSizes = otherSizes; OtherInputs = otherInputs; OtherUpstream = otherUpstream }
    }
    |> Gen.where (fun case -> awayFromKink case.Inputs)

let variables (tape: Tape) (inputs: Mat[]) =
    Array.map2 (fun (m: Mat) d -> if d then tape.Input(Mat.toTensor m) else tape.Constant(Mat.toTensor m)) inputs compositeDifferentiable

/// A composite of every operation agrees with finite differences: the chain rule across operations, and gradients
/// that fan in from several consumers, are right.
[<CaseProperty>]
let ``A composite of every operation agrees with finite differences`` () =
    Generators.forCases compositeCases (fun case ->
        agree "composite" (fun () -> sprintf "%A" case) case.Inputs case.Upstream (composite referenceOps case.Sizes) (fun tape ->
            let v = variables tape case.Inputs
            composite (tapeOps tape) case.Sizes v,
            Array.map2 (fun (x: Variable) d -> if d then Some(fun () -> x.Gradient) else None) v compositeDifferentiable))

/// Runs the composite on a tape after resetting it, then its backward pass; returns copies of the output's values and
/// of each tracked input's gradient.
let runComposite (tape: Tape) sizes inputs (upstream: Mat) =
    tape.Reset()
    let v = variables tape inputs
    let output = composite (tapeOps tape) sizes v
    if tape.IsRecording then tape.Backward(tape.Sum(tape.Multiply(output, tape.Constant(Mat.toTensor upstream))))
    Array.append
        [| Mat.bits output.Value |]
        (Array.map2 (fun (x: Variable) d -> if d && tape.IsRecording then Mat.bits x.Gradient else [||]) v compositeDifferentiable)

/// A tape reused after Reset gives bit-identical values and gradients: running the composite on inputs A, then on
/// other inputs B, then on A again, reproduces the first run (on a fresh tape) exactly.
[<CaseProperty>]
let ``A tape reused after Reset gives bit-identical values and gradients`` () =
    Generators.forCases compositeCases (fun case ->
        let tape = Tape()
        let first = runComposite tape case.Sizes case.Inputs case.Upstream
        runComposite tape case.OtherSizes case.OtherInputs case.OtherUpstream |> ignore
        let again = runComposite tape case.Sizes case.Inputs case.Upstream
        for i in 0 .. first.Length - 1 do
            if first[i] <> again[i] then
                failwithf "a reused tape gave %s %A, a fresh tape %A, for %A"
                    (if i = 0 then "the value" else $"the gradient of input {i - 1}") again[i] first[i] case)

/// An evaluation tape (not recording) computes the same values, bit for bit, as a recording one, reused or not.
[<CaseProperty>]
let ``An evaluation tape computes the values a recording tape does`` () =
    Generators.forCases compositeCases (fun case ->
        let recorded = (runComposite (Tape()) case.Sizes case.Inputs case.Upstream)[0]
        let tape = Tape(recording = false)
        let fresh = (runComposite tape case.Sizes case.Inputs case.Upstream)[0]
        runComposite tape case.OtherSizes case.OtherInputs case.OtherUpstream |> ignore
        let reused = (runComposite tape case.Sizes case.Inputs case.Upstream)[0]
        if fresh <> recorded || reused <> recorded then
            failwithf "an evaluation tape gave %A (fresh) and %A (reused), a recording tape %A, for %A" fresh reused recorded case)

// ---- optimizers ---------------------------------------------------------------------------------------------------

/// Parameters of random shapes, values in [−2, 2] and gradients of magnitude in [1e-3, 2] (a tenth exactly 0), a
/// learning rate and an SGD momentum.
type StepCase =
    { Values: Mat[]
      Gradients: Mat[]
      Second: Mat[]
      LearningRate: float
      Momentum: float }

let gradientMat r c =
    Gen.arrayOfLength (r * c) (Gen.frequency [ 1, Gen.constant 0.0; 9, Gen.map2 (fun m s -> if s then m else -m) (valueIn 1e-3 2.0) (Gen.elements [ true; false ]) ])
    |> Gen.map (fun v -> { Rows = r; Columns = c; Values = v })

let stepCases =
    gen {
        let! count = Gen.choose (1, 3)
        let! shapes = Gen.arrayOfLength count (Gen.zip (Gen.choose (1, 7)) (Gen.choose (1, 9)))
        let! values = Gen.sequenceToArray [ for r, c in shapes -> matIn r c -2.0 2.0 ]
        let! gradients = Gen.sequenceToArray [ for r, c in shapes -> gradientMat r c ]
        let! second = Gen.sequenceToArray [ for r, c in shapes -> gradientMat r c ]
        let! rate = Gen.elements [ 1e-3; 1e-2; 0.1 ] |> Gen.map toSingle
        let! momentum = valueIn 0.0 0.9
        return { Values = values; Gradients = gradients; Second = second; LearningRate = rate; Momentum = momentum }
    }

let parametersOf (values: Mat[]) (gradients: Mat[]) =
    Array.mapi2
        (fun i (v: Mat) (g: Mat) ->
            let p = Parameter($"p{i}", v.Rows, v.Columns)
            setValue p v
            Array.blit (Array.map float32 g.Values) 0 p.Gradient.Data 0 g.Values.Length
            p)
        values gradients

let checkCleared name (parameters: Parameter[]) case =
    for p in parameters do
        if p.Gradient.Span.ToArray() |> Array.exists (fun g -> g <> 0f) then failwithf "%s: %s's gradient was not cleared, for %A" name p.Name case

/// Adam's first step moves every parameter by −η sign(g) (its bias-corrected first step is η g / (|g| + ε)), leaves
/// parameters with a zero gradient where they are, and clears the gradients.
[<CaseProperty>]
let ``Adam's first step moves each parameter by the learning rate against its gradient`` () =
    Generators.forCases stepCases (fun case ->
        let parameters = parametersOf case.Values case.Gradients
        let before = parameters |> Array.map (fun p -> Mat.ofTensor p.Value)
        Adam(parameters, learningRate = case.LearningRate).Step()
        let eta = case.LearningRate
        parameters
        |> Array.iteri (fun i p ->
            let after = Mat.ofTensor p.Value
            for k in 0 .. after.Values.Length - 1 do
                let g = case.Gradients[i].Values[k]
                let moved = after.Values[k] - before[i].Values[k]
                let expected = -eta * float (sign g)
                // float32 rounding of θ near 2 (2.4e-7) and of the step size.
                if not (abs (moved - expected) <= 1e-4 * eta + 5e-7) then
                    failwithf "Adam: %s[%d] with gradient %g moved %g, expected %g, for %A" p.Name k g moved expected case)
        checkCleared "Adam" parameters case)

/// SGD with momentum μ moves by −η g on its first step and by −η (μ g₁ + g₂) on its second, clearing the gradients.
[<CaseProperty>]
let ``SGD's steps move each parameter against its gradient`` () =
    Generators.forCases stepCases (fun case ->
        let parameters = parametersOf case.Values case.Gradients
        let sgd = Sgd(parameters, case.LearningRate, case.Momentum)
        let expectMoves label (before: Mat[]) (expected: int -> int -> float) =
            parameters
            |> Array.iteri (fun i p ->
                let after = Mat.ofTensor p.Value
                for k in 0 .. after.Values.Length - 1 do
                    let moved = after.Values[k] - before[i].Values[k]
                    let e = expected i k
                    if not (abs (moved - e) <= 1e-5 * abs e + 1e-6) then
                        failwithf "SGD %s: %s[%d] moved %g, expected %g, for %A" label p.Name k moved e case)
        let eta, mu = case.LearningRate, toSingle case.Momentum
        let start = parameters |> Array.map (fun p -> Mat.ofTensor p.Value)
        sgd.Step()
        expectMoves "first step" start (fun i k -> -eta * case.Gradients[i].Values[k])
        checkCleared "SGD" parameters case
        let middle = parameters |> Array.map (fun p -> Mat.ofTensor p.Value)
        Array.iter2 (fun (p: Parameter) (g: Mat) -> Array.blit (Array.map float32 g.Values) 0 p.Gradient.Data 0 g.Values.Length) parameters case.Second
        sgd.Step()
        expectMoves "second step" middle (fun i k -> -eta * (mu * case.Gradients[i].Values[k] + case.Second[i].Values[k]))
        checkCleared "SGD" parameters case)

/// A convex quadratic ½ Σ a (θ − c)² over parameters of random shapes, curvatures a in [0.5, 4].
type QuadraticCase =
    { Start: Mat[]
      Target: Mat[]
      Curvature: Mat[] }

/// Adam (η = 0.05) minimises a random convex quadratic, built on the tape from parameters: 400 steps take the loss
/// below 1e-4 from a start up to 4 away in each coordinate.
[<CaseProperty>]
let ``Adam minimises a convex quadratic`` () =
    let cases =
        gen {
            let! count = Gen.choose (1, 3)
            let! shapes = Gen.arrayOfLength count (Gen.zip (Gen.choose (1, 4)) (Gen.choose (1, 5)))
            let! start = Gen.sequenceToArray [ for r, c in shapes -> matIn r c -2.0 2.0 ]
            let! target = Gen.sequenceToArray [ for r, c in shapes -> matIn r c -2.0 2.0 ]
            let! curvature = Gen.sequenceToArray [ for r, c in shapes -> matIn r c 0.5 4.0 ]
            return { Start = start; Target = target; Curvature = curvature }
        }
    Generators.forCases cases (fun case ->
        let parameters = parametersOf case.Start (case.Start |> Array.map (Mat.map (fun _ -> 0.0)))
        let adam = Adam(parameters, learningRate = 0.05)
        let tape = Tape()
        let loss () =
            tape.Reset()
            parameters
            |> Array.mapi (fun i p ->
                let d = tape.Subtract(tape.Parameter(p), tape.Constant(Mat.toTensor case.Target[i]))
                tape.Sum(tape.Multiply(tape.Constant(Mat.toTensor (Mat.map (fun a -> a / 2.0) case.Curvature[i])), tape.Multiply(d, d))))
            |> Array.reduce (fun a b -> tape.Add(a, b))
        let initial = float (loss ()).Value[0, 0]
        for _ in 1 .. 400 do
            tape.Backward(loss ())
            adam.Step()
        let final = float (loss ()).Value[0, 0]
        if not (final <= 1e-4) then failwithf "Adam: the quadratic went from %g to %g in 400 steps, for %A" initial final case)
