namespace ProbLatent.Verification

open FsCheck
open FsCheck.FSharp

/// Whether a law held for one case, and the numbers that say so (shown when it did not).
type Verdict =
    { Holds: bool
      Detail: string }

    /// Holds when every verdict holds; the detail lists those that failed (or all of them when none did). No verdicts
    /// at all fail: a law that found nothing to check has not been shown to hold.
    static member All(verdicts: Verdict seq) =
        let verdicts = List.ofSeq verdicts
        let failed = verdicts |> List.filter (fun v -> not v.Holds)
        if List.isEmpty verdicts then
            { Holds = false; Detail = "nothing to check: no fit to compare and no q to evaluate" }
        else
            { Holds = List.isEmpty failed
              Detail = (if List.isEmpty failed then verdicts else failed) |> List.map _.Detail |> String.concat "\n" }

    /// The verdict as an FsCheck property, labelled with its detail.
    member v.ToProperty() : Property = v.Holds |> Prop.label v.Detail
