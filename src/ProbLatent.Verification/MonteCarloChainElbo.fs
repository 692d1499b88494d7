/// The independent Monte Carlo checks of a VMP fit of a hidden Markov model, whose q(z) is a chain per sequence and so is
/// not drawn row by row: θ ~ q(θ) (q(π), each q(Aᵢ) and the emissions' posterior), one path per sequence z ~ q(z) by
/// forward filtering and backward sampling, and every log p and log q from the Distributions' densities and the chain's
/// own log q(z) — never from the engine's ELBO terms. Beside the ELBO, an importance-sampled log evidence with q(θ) as the
/// proposal, log p(x) ≈ log (1/S) Σₛ p(x | θₛ) p(θₛ) / q(θₛ), with p(x | θ) by a forward pass of its own here.
module ProbLatent.Verification.MonteCarloChainElbo

open System
open ProbLatent.Backends
open ProbLatent.Data
open ProbLatent.Distributions
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Verification.MonteCarloElbo

/// p(π) and the p(Aᵢ) of every row: the Dirichlets the model states on the chain's "initial" and "transitions", else
/// VmpPriors.WeightConcentration on every state.
let chainPriors (model: Model) (options: ProbLatent.Backends.Vmp.VmpPriors | null) (states: int) =
    let concentration = match options with | null -> 1.0 | o -> o.WeightConcentration
    let stated name =
        model.Graph.Priors
        |> Seq.tryPick (fun p ->
            match p.Value with
            | :? DirichletParameterPrior as d when p.Key.Name = name -> Some(Dirichlet(Array.init states d.Concentration))
            | _ -> None)
        |> Option.defaultWith (fun () -> Dirichlet(Array.create states concentration))
    stated "initial", stated "transitions"

type private ChainDraw =
    { Initial: float[]
      Transitions: float[][]
      Components: (float[] -> float)[]
      LogPrior: float
      LogPosterior: float }

let private drawTheta (priors: VmpPriorSet) (initialPrior: Dirichlet) (rowPrior: Dirichlet) (q: HiddenMarkovPosterior) (r: Random) =
    let initial = q.Initial.Sample r
    let rows = [| for row in q.Transitions -> row.Sample r |]
    let logPrior, logPosterior, components =
        emissionComponents priors q.Emissions r
        |> Option.defaultWith (fun () -> invalidArg "q" $"no emission sampler knows a posterior of type {q.Emissions.GetType().Name}")
    { Initial = initial
      Transitions = rows
      Components = components
      LogPrior = initialPrior.LogDensity initial + Array.sumBy rowPrior.LogDensity rows + logPrior
      LogPosterior = q.Initial.LogDensity initial + Array.sum (Array.mapi (fun i row -> q.Transitions[i].LogDensity row) rows) + logPosterior }

/// q(θ) and q(z) of a VMP fit of a hidden Markov model, and the steps' rows as arrays.
let private posteriors (fit: FitResult) (data: SequenceData) (draws: int) =
    ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2)
    let steps = data.Steps
    match fit.ParameterPosterior, fit.LatentPosterior with
    | (:? HiddenMarkovPosterior as q), (:? ChainPosterior as z) when z.CanSample -> q, z, Array.init steps.Rows (fun n -> steps.Row(n).ToArray())
    | _ -> invalidArg "fit" $"the {fit.Backend} fit is not a VMP fit of a hidden Markov model with a chain q(z)"

/// The ELBO by its three terms from `draws` draws of q(θ) and of one path per sequence from q(z), on the sequences fitted.
[<CompiledName("Estimate")>]
let estimate (priors: VmpPriorSet) (initialPrior: Dirichlet) (rowPrior: Dirichlet) (fit: FitResult) (data: SequenceData) (draws: int) (r: Random) =
    let q, z, rows = posteriors fit data draws
    let draw () =
        let theta = drawTheta priors initialPrior rowPrior q r
        let paths = z.SamplePaths r
        let mutable likelihood, prior = 0.0, theta.LogPrior
        for s in 0 .. paths.Length - 1 do
            let path, start = paths[s], data.Start s
            for t in 0 .. path.Length - 1 do
                likelihood <- likelihood + theta.Components[path[t]] rows[start + t]
                prior <- prior + log (if t = 0 then theta.Initial[path[0]] else theta.Transitions.[path[t - 1]].[path[t]])
        likelihood, prior, -(z.LogDensity paths) - theta.LogPosterior
    ofSamples (Array.init draws (fun _ -> draw ()))

let private logSumExp (values: float[]) =
    let top = Array.max values
    if Double.IsNegativeInfinity top then top else top + log (Array.sumBy (fun v -> exp (v - top)) values)

/// log p(x | θ) of the sequences by the forward algorithm in log space.
let private logLikelihood (theta: ChainDraw) (rows: float[][]) (data: SequenceData) =
    let k = theta.Initial.Length
    Seq.sum (seq {
        for s in 0 .. data.Count - 1 do
            let start = data.Start s
            let mutable alpha = Array.init k (fun j -> log theta.Initial[j] + theta.Components[j] rows[start])
            for t in 1 .. data.Lengths[s] - 1 do
                alpha <- Array.init k (fun j ->
                    logSumExp(Array.init k (fun i -> alpha[i] + log theta.Transitions.[i].[j])) + theta.Components[j] rows[start + t])
            yield logSumExp alpha })

/// log p(x) by importance sampling with q(θ) as the proposal from `draws` draws, and its standard error by the delta
/// method, sd(w) / (mean(w) √S). In expectation it lies between the ELBO and log p(x).
[<CompiledName("ImportanceLogEvidence")>]
let importanceLogEvidence (priors: VmpPriorSet) (initialPrior: Dirichlet) (rowPrior: Dirichlet) (fit: FitResult) (data: SequenceData) (draws: int) (r: Random) =
    let q, _, rows = posteriors fit data draws
    let logWeights =
        Array.init draws (fun _ ->
            let theta = drawTheta priors initialPrior rowPrior q r
            logLikelihood theta rows data + theta.LogPrior - theta.LogPosterior)
    let top = Array.max logWeights
    let weights = logWeights |> Array.map (fun w -> exp (w - top))
    let mean, error = meanAndError weights
    top + log mean, error / mean
