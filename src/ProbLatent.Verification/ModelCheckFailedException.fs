namespace ProbLatent.Verification

open System

/// A check found a case where a law does not hold. The message says which law, for what, the numbers, the
/// counterexample and the seed that reproduces the run; the same facts are properties, for a test to inspect.
type ModelCheckFailedException(message: string, check: string, seed: int, caseSeed: int, counterexample: string, detail: string, inner: exn | null) =
    inherit Exception(message, inner)

    /// The check that failed, such as "ElboBelowLogLikelihood".
    member _.Check = check

    /// The seed of the whole run: CheckSettings.Seed = Seed reproduces it.
    member _.Seed = seed

    /// The seed of the failing case: the data generator was called with new Random(CaseSeed).
    member _.CaseSeed = caseSeed

    /// What the failing case was: its seed and a sketch of its data.
    member _.Counterexample = counterexample

    /// The law's numbers in the failing case, or the exception the case raised.
    member _.Detail = detail
