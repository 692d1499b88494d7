namespace ProbLatent.FSharp

type private ScoreFunctionOptions = ProbLatent.Backends.ScoreFunction.ScoreFunctionOptions

/// How the score-function backend reduces the variance of its encoder's gradient.
type Estimator =
    /// VIMCO (Mnih and Rezende 2016): the K-sample bound, each draw's signal against the geometric mean of the others.
    | Vimco
    /// NVIL (Mnih and Gregor 2014): the single-sample ELBO, centred and scaled by running and input-dependent baselines.
    | Nvil

    member this.ToBackend() =
        match this with
        | Vimco -> ProbLatent.Backends.ScoreFunction.ScoreEstimator.Vimco
        | Nvil -> ProbLatent.Backends.ScoreFunction.ScoreEstimator.Nvil

    static member Of(estimator: ProbLatent.Backends.ScoreFunction.ScoreEstimator) =
        match estimator with
        | ProbLatent.Backends.ScoreFunction.ScoreEstimator.Vimco -> Vimco
        | ProbLatent.Backends.ScoreFunction.ScoreEstimator.Nvil -> Nvil
        | other -> invalidArg (nameof estimator) $"no F# estimator stands for {other}"

/// Settings of score-function training of a sigmoid belief net and its encoder:
/// `Backend.scoreFunction { ScoreFunctionSettings.Default with Estimator = Nvil; Epochs = 20 }`.
/// The fields mean what they mean in `ProbLatent.Backends.ScoreFunction.ScoreFunctionOptions`, whose defaults `Default` takes.
type ScoreFunctionSettings =
    { Estimator: Estimator
      /// K, the draws of h per point and step (VIMCO's bound is over them, K ≥ 2).
      Samples: int
      Epochs: int
      BatchSize: int
      /// Adam's step size.
      LearningRate: float
      Seed: int
      /// k of the IWAE-k estimate of log p(x) the fit reports (0 skips it).
      EvaluationSamples: int
      /// The fitted rows the estimate is taken over (an evenly spread subset when there are more); None for all.
      EvaluationRows: int option
      /// Points whose mean bound is each epoch's objective in the trace and progress.
      MonitorRows: int
      /// NVIL: α of the running mean and variance of the learning signal.
      BaselineDecay: float }

    static member Of(options: ScoreFunctionOptions) =
        { Estimator = Estimator.Of options.Estimator
          Samples = options.Samples
          Epochs = options.Epochs
          BatchSize = options.BatchSize
          LearningRate = options.LearningRate
          Seed = options.Seed
          EvaluationSamples = options.EvaluationSamples
          EvaluationRows = Option.ofNullable options.EvaluationRows
          MonitorRows = options.MonitorRows
          BaselineDecay = options.BaselineDecay }

    static member Default = ScoreFunctionSettings.Of(ScoreFunctionOptions())

    member s.ToOptions() =
        ScoreFunctionOptions(
            s.Estimator.ToBackend(), s.Samples, s.Epochs, s.BatchSize, s.LearningRate, s.Seed, s.EvaluationSamples,
            Option.toNullable s.EvaluationRows, s.MonitorRows, s.BaselineDecay)
