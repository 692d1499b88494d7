namespace ProbLatent.FSharp

open ProbLatent.Backends.Vmp

/// Settings of a VMP fit: `Backend.vmp { VmpSettings.Default with Seed = 1; Priors = { VmpPriorSettings.Default with WishartShape = Some 100.0 } }`.
/// The fields mean what they mean in `ProbLatent.Backends.Vmp.VmpOptions`, whose defaults `Default` takes.
type VmpSettings =
    { Restarts: int
      Seed: int
      MaxIterations: int
      /// Converged when the ELBO changes by less than this in one sweep; negative runs exactly MaxIterations.
      Tolerance: float
      Priors: VmpPriorSettings }

    static member Of(options: VmpOptions) =
        { Restarts = options.Restarts
          Seed = options.Seed
          MaxIterations = options.MaxIterations
          Tolerance = options.Tolerance
          Priors = VmpPriorSettings.Of options.ResolvedPriors }

    static member Default = VmpSettings.Of(VmpOptions())

    member s.ToOptions() = VmpOptions(s.Restarts, s.Seed, s.MaxIterations, s.Tolerance, s.Priors.ToPriors())
