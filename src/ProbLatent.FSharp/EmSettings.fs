namespace ProbLatent.FSharp

open ProbLatent.Backends.Em

/// Settings of an EM fit: `Backend.em { EmSettings.Default with Restarts = 5; Seed = 1 }`.
/// The fields mean what they mean in `ProbLatent.Backends.Em.EmOptions`, whose defaults `Default` takes.
type EmSettings =
    { Restarts: int
      Seed: int
      MaxIterations: int
      /// Converged when an iteration changes the objective by less than this per data point; negative runs exactly MaxIterations.
      Tolerance: float
      /// The ridge (Gaussian mixtures) or pseudo-counts (Bernoulli mixtures) that guard against collapse.
      Regularization: float }

    static member Of(options: EmOptions) =
        { Restarts = options.Restarts
          Seed = options.Seed
          MaxIterations = options.MaxIterations
          Tolerance = options.Tolerance
          Regularization = options.Regularization }

    static member Default = EmSettings.Of(EmOptions())

    member s.ToOptions() = EmOptions(s.Restarts, s.Seed, s.MaxIterations, s.Tolerance, s.Regularization)
