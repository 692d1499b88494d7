namespace ProbLatent.FSharp

open ProbLatent.LatentModels

type private ContrastiveOptions = ProbLatent.Backends.Contrastive.ContrastiveOptions

/// Settings of contrastive-divergence training: `Backend.contrastive { ContrastiveSettings.Default with Steps = 5; Persistent = true }`.
/// The fields mean what they mean in `ProbLatent.Backends.Contrastive.ContrastiveOptions`, whose defaults `Default` takes.
type ContrastiveSettings =
    { /// k, the Gibbs sweeps of each minibatch's negative phase.
      Steps: int
      /// Persistent contrastive divergence (Tieleman 2008): the negative chains carry on between minibatches.
      Persistent: bool
      Epochs: int
      BatchSize: int
      LearningRate: float
      Momentum: float
      /// L2 decay on the weights.
      WeightDecay: float
      Seed: int
      /// AIS of log Z for the reported log-likelihood where the smaller layer is too large to enumerate; None reports none there.
      Ais: AisOptions option
      /// Points whose mean pseudo-log-likelihood is each epoch's objective in the trace and progress.
      MonitorRows: int
      /// A deep belief net's fit: draws of the recognition pass per point behind its bound on log p(v).
      BoundSamples: int }

    static member Of(options: ContrastiveOptions) =
        { Steps = options.Steps
          Persistent = options.Persistent
          Epochs = options.Epochs
          BatchSize = options.BatchSize
          LearningRate = options.LearningRate
          Momentum = options.Momentum
          WeightDecay = options.WeightDecay
          Seed = options.Seed
          Ais = Option.ofObj options.Ais
          MonitorRows = options.MonitorRows
          BoundSamples = options.BoundSamples }

    static member Default = ContrastiveSettings.Of(ContrastiveOptions())

    member s.ToOptions() =
        ContrastiveOptions(s.Steps, s.Persistent, s.Epochs, s.BatchSize, s.LearningRate, s.Momentum, s.WeightDecay, s.Seed, Option.toObj s.Ais, s.MonitorRows, s.BoundSamples)
