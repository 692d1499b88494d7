namespace ProbLatent.Verification

open System

/// How a check runs: `new CheckSettings { Cases = 50, Seed = 42 }` in C#, `CheckSettings(Cases = 50, Seed = 42)` in F#.
type CheckSettings() =
    /// Generated cases per check (each a data set, and for a model description a fit). Default 100.
    member val Cases = 100 with get, set

    /// Seeds the whole run, so the same seed generates the same cases. Null (the default) picks a fresh seed per
    /// run; either way a failure's message gives the seed that reproduces it.
    member val Seed = Nullable<int>() with get, set

    /// Rounding allowed, relative to the size of what is compared (with a floor of 1). Default 1e-8.
    member val Tolerance = 1e-8 with get, set

    /// Arbitrary q(z) of the posterior's form, drawn per case, at which the ELBO laws are checked besides the
    /// backend's own q. Default 2.
    member val PosteriorsPerCase = 2 with get, set

    member internal s.Validate() =
        if s.Cases < 1 then
            raise (ArgumentOutOfRangeException("Cases", s.Cases, "CheckSettings.Cases must be at least 1"))
        if not (s.Tolerance >= 0.0 && Double.IsFinite s.Tolerance) then
            raise (ArgumentOutOfRangeException("Tolerance", s.Tolerance, "CheckSettings.Tolerance must be finite and ≥ 0"))
        if s.PosteriorsPerCase < 0 then
            raise (ArgumentOutOfRangeException("PosteriorsPerCase", s.PosteriorsPerCase, "CheckSettings.PosteriorsPerCase must be ≥ 0"))
