/// Gradient checks for the autodiff tape: matrices of doubles that float32 represents exactly (so the tape and a
/// double-precision reference see the same numbers), generators for them, independent double-precision references of
/// every operation (plain loops from each operation's definition), and the check itself: the tape's forward value
/// against the reference, and its gradients against central finite differences of the reference.
module ProbLatent.Properties.GradientCheck

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Autodiff
open ProbLatent.Numerics

/// A row-major matrix of doubles. Generated values are rounded to float32 so both sides of a check use the same inputs.
type Mat =
    { Rows: int
      Columns: int
      Values: float[] }

    member m.Item
        with get (i: int, j: int) = m.Values[i * m.Columns + j]

module Mat =
    let init rows columns (f: int -> int -> float) =
        { Rows = rows; Columns = columns; Values = Array.init (rows * columns) (fun k -> f (k / columns) (k % columns)) }

    let map f (m: Mat) = { m with Values = Array.map f m.Values }
    let map2 f (a: Mat) (b: Mat) = { a with Values = Array.map2 f a.Values b.Values }
    let toTensor (m: Mat) = Tensor(Array.map float32 m.Values, m.Rows, m.Columns)
    let ofTensor (t: Tensor) = { Rows = t.Rows; Columns = t.Columns; Values = Array.init t.Length (fun k -> float t.Data[k]) }
    /// A copy of the first rows × columns values of a tensor, as float32 (for bit-for-bit comparisons).
    let bits (t: Tensor) = t.Span.ToArray()
    /// m with element k shifted by delta.
    let shift k delta (m: Mat) = { m with Values = Array.updateAt k (m.Values[k] + delta) m.Values }
    /// Σ a ⊙ b.
    let dot (a: Mat) (b: Mat) = Array.fold2 (fun s x y -> s + x * y) 0.0 a.Values b.Values

// ---- generators ------------------------------------------------------------------------------------------------

let toSingle (x: float) = float (float32 x)

/// A value uniform on [lo, hi], rounded to float32.
let valueIn lo hi = Generators.floatIn lo hi |> Gen.map toSingle

/// A rows × columns matrix with values uniform on [lo, hi].
let matIn rows columns lo hi =
    Gen.arrayOfLength (rows * columns) (valueIn lo hi) |> Gen.map (fun v -> { Rows = rows; Columns = columns; Values = v })

/// Values with |x| in [margin, bound] and a random sign: away from a kink at 0.
let matAwayFromZero rows columns margin bound =
    Gen.arrayOfLength (rows * columns) (Gen.map2 (fun m s -> if s then m else -m) (valueIn margin bound) (Gen.elements [ true; false ]))
    |> Gen.map (fun v -> { Rows = rows; Columns = columns; Values = v })

/// 0/1 data.
let binaryMat rows columns =
    Gen.arrayOfLength (rows * columns) (Gen.elements [ 0.0; 1.0 ]) |> Gen.map (fun v -> { Rows = rows; Columns = columns; Values = v })

let rows = Gen.choose (1, 6)
let columns = Gen.choose (1, 7)

// ---- double-precision references, from each operation's definition -----------------------------------------------

let logTwoPi = Math.Log(2.0 * Math.PI)

let logSumExp (v: float seq) =
    let m = Seq.max v
    m + log (v |> Seq.sumBy (fun x -> exp (x - m)))

module Reference =
    let matMul (a: Mat) (b: Mat) =
        Mat.init a.Rows b.Columns (fun i j -> Seq.sum (seq { for p in 0 .. a.Columns - 1 -> a[i, p] * b[p, j] }))

    let addBias (x: Mat) (bias: Mat) = Mat.init x.Rows x.Columns (fun i j -> x[i, j] + bias[0, j])
    let linear x weight bias = addBias (matMul x weight) bias
    let tanh = Mat.map Math.Tanh
    let sigmoid = Mat.map (fun x -> 1.0 / (1.0 + Math.Exp -x))
    let relu = Mat.map (fun x -> max x 0.0)
    let softplus = Mat.map (fun x -> Math.Log(1.0 + Math.Exp x))
    let exp = Mat.map Math.Exp
    let log = Mat.map Math.Log
    let add = Mat.map2 (+)
    let subtract = Mat.map2 (-)
    let multiply = Mat.map2 (*)
    let scale c = Mat.map (fun x -> c * x)
    let sum (x: Mat) = Mat.init 1 1 (fun _ _ -> Array.sum x.Values)
    let sumRows (x: Mat) = Mat.init x.Rows 1 (fun i _ -> Seq.sum (seq { for j in 0 .. x.Columns - 1 -> x[i, j] }))
    let repeatRows times (x: Mat) = Mat.init (x.Rows * times) x.Columns (fun r j -> x[r / times, j])

    /// log((1/S) Σₛ exp vₛ) over consecutive groups of S rows.
    let groupLogMeanExp groupSize (v: Mat) =
        Mat.init (v.Rows / groupSize) 1 (fun g _ ->
            Math.Log((seq { for s in 0 .. groupSize - 1 -> Math.Exp v[g * groupSize + s, 0] } |> Seq.sum) / float groupSize))

    /// Σⱼ xⱼ log σ(lⱼ) + (1 − xⱼ) log(1 − σ(lⱼ)) per row.
    let bernoulliLogLikelihood (logits: Mat) (data: Mat) =
        Mat.init logits.Rows 1 (fun i _ ->
            Seq.sum (seq {
                for j in 0 .. logits.Columns - 1 ->
                    let p = 1.0 / (1.0 + Math.Exp -logits[i, j])
                    data[i, j] * Math.Log p + (1.0 - data[i, j]) * Math.Log(1.0 - p) }))

    /// log N(x | m, σ²) with σ² = exp v.
    let normalLogDensity x m v = -0.5 * (logTwoPi + v + (x - m) * (x - m) / Math.Exp v)

    let gaussianLogDensity (x: Mat) (mean: Mat) (logVariance: Mat) =
        let v i j =
            if logVariance.Rows = x.Rows && logVariance.Columns = x.Columns then logVariance[i, j]
            elif logVariance.Columns = x.Columns then logVariance[0, j]
            else logVariance[0, 0]
        Mat.init x.Rows 1 (fun i _ -> Seq.sum (seq { for j in 0 .. x.Columns - 1 -> normalLogDensity x[i, j] mean[i, j] (v i j) }))

    let standardNormalLogDensity (z: Mat) =
        Mat.init z.Rows 1 (fun i _ -> Seq.sum (seq { for j in 0 .. z.Columns - 1 -> normalLogDensity z[i, j] 0.0 0.0 }))

    /// KL(N(m, e^v) ‖ N(0, 1)) = ½ (e^v + m² − 1 − v), summed over each row.
    let klToStandardNormal (mean: Mat) (logVariance: Mat) =
        Mat.init mean.Rows 1 (fun i _ ->
            Seq.sum (seq {
                for j in 0 .. mean.Columns - 1 ->
                    let m, v = mean[i, j], logVariance[i, j]
                    0.5 * (Math.Exp v + m * m - 1.0 - v) }))

    let reparameterize (mean: Mat) (logVariance: Mat) (noise: Mat) =
        Mat.init mean.Rows mean.Columns (fun i j -> mean[i, j] + Math.Sqrt(Math.Exp logVariance[i, j]) * noise[i, j])

    /// log Σ_c softmax(logits)_c Πⱼ N(zⱼ | μ_cj, exp v_cj) per row of z.
    let mixtureLogDensity (z: Mat) (logits: Mat) (means: Mat) (logVariances: Mat) =
        let c = logits.Columns
        let normaliser = logSumExp logits.Values
        Mat.init z.Rows 1 (fun n _ ->
            logSumExp (seq {
                for k in 0 .. c - 1 ->
                    logits[0, k] - normaliser
                    + Seq.sum (seq { for j in 0 .. z.Columns - 1 -> normalLogDensity z[n, j] means[k, j] logVariances[k, j] }) }))

// ---- the check ---------------------------------------------------------------------------------------------------

/// Step of the central differences: small enough that the truncation error (h² f‴ / 6) is negligible, large enough
/// that double rounding (ε L / h) is too.
let step = 1e-5

/// Tolerance of the tape's float32 forward value: 1e-4 relative plus 1e-4 absolute.
let forwardTolerance (expected: float) = 1e-4 * (1.0 + abs expected)

/// Tolerance of a float32 analytic gradient against a double finite difference: 1e-3 relative plus 1e-3 absolute.
let gradientTolerance (expected: float) = 1e-3 * (1.0 + abs expected)

/// ∂L/∂ inputs[i][k] by central differences, for L = Σ R ⊙ f(inputs) in double precision.
let finiteDifference (loss: Mat[] -> float) (inputs: Mat[]) i k =
    let at delta = loss (Array.updateAt i (Mat.shift k delta inputs[i]) inputs)
    (at step - at -step) / (2.0 * step)

/// Checks a computation on the tape against its double reference. `build` runs it on a fresh recording tape from the
/// inputs and returns its output and, for each input, how to read its gradient after the backward pass (None for an
/// input that is a constant). Checks the output against `reference inputs`, then sends Σ upstream ⊙ output back and
/// checks each gradient element against central differences of Σ upstream ⊙ reference. Fails with `describe ()`.
let agree (name: string) (describe: unit -> string) (inputs: Mat[]) (upstream: Mat) (reference: Mat[] -> Mat)
          (build: Tape -> Variable * (unit -> Tensor) option[]) =
    let tape = Tape()
    let output, gradients = build tape
    let expected = reference inputs
    if output.Rows <> expected.Rows || output.Columns <> expected.Columns then
        failwithf "%s: output is %d×%d, expected %d×%d, for %s" name output.Rows output.Columns expected.Rows expected.Columns (describe ())
    let actual = Mat.ofTensor output.Value
    for k in 0 .. expected.Values.Length - 1 do
        let e, a = expected.Values[k], actual.Values[k]
        if not (abs (a - e) <= forwardTolerance e) then
            failwithf "%s: output (%d, %d) is %.9g, the double reference %.9g, for %s"
                name (k / expected.Columns) (k % expected.Columns) a e (describe ())
    tape.Backward(tape.Sum(tape.Multiply(output, tape.Constant(Mat.toTensor upstream))))
    let loss xs = Mat.dot upstream (reference xs)
    gradients
    |> Array.iteri (fun i read ->
        match read with
        | None -> ()
        | Some read ->
            let gradient = Mat.ofTensor (read ())
            let x = inputs[i]
            if gradient.Rows <> x.Rows || gradient.Columns <> x.Columns then
                failwithf "%s: gradient of input %d is %d×%d, the input %d×%d" name i gradient.Rows gradient.Columns x.Rows x.Columns
            for k in 0 .. x.Values.Length - 1 do
                let fd = finiteDifference loss inputs i k
                let g = gradient.Values[k]
                if not (abs (g - fd) <= gradientTolerance fd) then
                    failwithf "%s: ∂L/∂ input %d (%d, %d) is %.9g, central differences %.9g, for %s"
                        name i (k / x.Columns) (k % x.Columns) g fd (describe ()))

// ---- single operations -----------------------------------------------------------------------------------------

/// An operation under test: how to draw its settings (sizes, constants) and inputs, which inputs may carry a
/// gradient (the rest, data and noise, are always constants), how to build it on a tape, and its double reference.
type Op<'s> =
    { Name: string
      Inputs: Gen<'s * Mat[]>
      Differentiable: bool[]
      Forward: 's -> Tape -> Variable[] -> Variable
      Reference: 's -> Mat[] -> Mat }

/// One generated case: settings, inputs, which inputs are tracked (tape inputs) rather than constants this time, and
/// the upstream weights R of the output's shape.
type OpCase<'s> =
    { Settings: 's
      Inputs: Mat[]
      Tracked: bool[]
      Upstream: Mat }

/// Mostly every differentiable input tracked; a quarter of the cases track a random non-empty subset, so backward
/// steps that skip constant inputs are exercised too.
let tracked (differentiable: bool[]) =
    let subset =
        Gen.arrayOfLength differentiable.Length (Gen.elements [ true; false ])
        |> Gen.map (Array.map2 (&&) differentiable)
        |> Gen.where (Array.exists id)
    Gen.frequency [ 3, Gen.constant differentiable; 1, subset ]

let opCases (op: Op<'s>) : Gen<OpCase<'s>> =
    gen {
        let! settings, inputs = op.Inputs
        let! tracked = tracked op.Differentiable
        let output = op.Reference settings inputs
        let! upstream = matIn output.Rows output.Columns -2.0 2.0
        return { Settings = settings; Inputs = inputs; Tracked = tracked; Upstream = upstream }
    }

let checkCase (op: Op<'s>) (case: OpCase<'s>) =
    agree op.Name (fun () -> sprintf "%A" case) case.Inputs case.Upstream (op.Reference case.Settings) (fun tape ->
        let variables =
            Array.map2 (fun (m: Mat) t -> if t then tape.Input(Mat.toTensor m) else tape.Constant(Mat.toTensor m)) case.Inputs case.Tracked
        let output = op.Forward case.Settings tape variables
        output, Array.map2 (fun (v: Variable) t -> if t then Some(fun () -> v.Gradient) else None) variables case.Tracked)
