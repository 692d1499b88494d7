namespace ProbLatent.FSharp

open ProbLatent.Backends.Vmp

/// Settings of a VMP fit: `Backend.vmp { VmpSettings.Default with Seed = 1; Priors = { VmpPriorSettings.Default with WishartShape = Some 100.0 } }`.
/// The fields mean what they mean in `ProbLatent.Backends.Vmp.VmpOptions`, whose defaults `Default` takes.
type VmpSettings =
    { Restarts: int
      Seed: int
      MaxIterations: int
      /// Converged when a sweep changes the ELBO by less than this per data point; negative runs exactly MaxIterations.
      Tolerance: float
      Priors: VmpPriorSettings
      /// Where a mixture's restarts start q(z): VmpStart.KMeansPlusPlus (the default) or VmpStart.RandomPointMasses.
      Start: VmpStart
      /// A fitted mixture (an EM fit's Parameters, say) whose posterior starts q(z) instead; one restart then runs.
      StartFrom: ProbLatent.LatentModels.ILatentModel option }

    static member Of(options: VmpOptions) =
        { Restarts = options.Restarts
          Seed = options.Seed
          MaxIterations = options.MaxIterations
          Tolerance = options.Tolerance
          Priors = VmpPriorSettings.Of options.ResolvedPriors
          Start = options.Start
          StartFrom = Option.ofObj options.StartFrom }

    static member Default = VmpSettings.Of(VmpOptions())

    member s.ToOptions() =
        VmpOptions(s.Restarts, s.Seed, s.MaxIterations, s.Tolerance, s.Priors.ToPriors(), s.Start, Option.toObj s.StartFrom)
