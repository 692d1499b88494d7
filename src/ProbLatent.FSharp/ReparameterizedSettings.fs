namespace ProbLatent.FSharp

type private ReparameterizedOptions = ProbLatent.Backends.Reparameterized.ReparameterizedOptions

/// Settings of the reparameterized-gradient engine: `Backend.reparameterized { ReparameterizedSettings.Default with Epochs = 20 }`.
/// The fields mean what they mean in `ProbLatent.Backends.Reparameterized.ReparameterizedOptions`, whose defaults `Default` takes.
type ReparameterizedSettings =
    { Epochs: int
      BatchSize: int
      LearningRate: float
      Seed: int
      /// Reparameterized draws of z per point in the ELBO.
      Samples: int
      /// k > 1 trains the importance-weighted bound IWAE-k instead of the ELBO.
      ImportanceSamples: int
      Optimizer: Optimizer
      /// Stop when the validation ELBO has not improved for this many epochs.
      Patience: int option
      /// Importance samples per point behind the log-likelihood a fit reports where it has no closed form.
      LogLikelihoodSamples: int
      /// Draws of z per point behind each ELBO the backend reports (every epoch's and the fit's final one).
      ElboSamples: int }

    static member Of(options: ReparameterizedOptions) =
        { Epochs = options.Epochs
          BatchSize = options.BatchSize
          LearningRate = options.LearningRate
          Seed = options.Seed
          Samples = options.Samples
          ImportanceSamples = options.ImportanceSamples
          Optimizer = Optimizer.Of options.Optimizer
          Patience = Option.ofNullable options.Patience
          LogLikelihoodSamples = options.LogLikelihoodSamples
          ElboSamples = options.ElboSamples }

    static member Default = ReparameterizedSettings.Of(ReparameterizedOptions())

    member s.ToOptions() =
        ReparameterizedOptions(
            s.Epochs, s.BatchSize, s.LearningRate, s.Seed, s.Samples, s.ImportanceSamples,
            s.Optimizer.ToBackend(), Option.toNullable s.Patience, s.LogLikelihoodSamples, s.ElboSamples)
