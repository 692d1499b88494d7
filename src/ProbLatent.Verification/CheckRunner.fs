/// Runs a law over generated cases with FsCheck and turns a failure into a ModelCheckFailedException.
module internal ProbLatent.Verification.CheckRunner

open System
open FsCheck
open FsCheck.FSharp

/// Keeps FsCheck's result instead of printing it.
type private CapturingRunner() =
    member val Result: TestResult option = None with get, set

    interface IRunner with
        member _.OnStartFixture _ = ()
        member _.OnArguments(_, _, _) = ()
        member _.OnShrink(_, _) = ()
        member r.OnFinished(_, result) = r.Result <- Some result

/// A case is a seed: everything in it is made from the seed inside the property, so that an exception (in the
/// user's data generator, say) fails that case, with its seed, instead of escaping FsCheck.
let seeds = Gen.choose (0, Int32.MaxValue - 1)

/// Runs `law` over `settings.Cases` case seeds; throws ModelCheckFailedException at the first that fails, naming
/// its seed and what the case was (`describe`).
let run (check: string) (subject: string) (settings: CheckSettings) (describe: int -> string) (law: int -> Verdict) =
    settings.Validate()
    let seed = if settings.Seed.HasValue then settings.Seed.Value else Random.Shared.Next()
    let runner = CapturingRunner()
    let config =
        Config.Quick
            .WithMaxTest(settings.Cases)
            .WithReplay(Some { Rnd = Rnd(uint64 seed); Size = None })
            .WithRunner(runner)
            .WithName(check)
    Check.One(config, Prop.forAll (Arb.fromGen seeds) (fun caseSeed -> (law caseSeed).ToProperty()))
    match runner.Result with
    | Some(TestResult.Failed(data, arguments, _, outcome, _, _, _)) ->
        let caseSeed = unbox<int> (List.head arguments)
        let counterexample = describe caseSeed
        // A law that does not hold leaves its label (FsCheck reports it as "Expected true, got false"); a case that
        // raised has no label, only the exception.
        let (inner: exn | null), detail =
            match outcome with
            | _ when not data.Labels.IsEmpty -> null, data.Labels |> String.concat "\n"
            | Outcome.Failed e -> e, sprintf "the case raised %s: %s" (e.GetType().Name) e.Message
            | other -> null, string other
        let message =
            sprintf "ModelChecks.%s failed for %s, at case %d of %d.\n%s\nCounterexample: %s\nReproduce: CheckSettings.Seed = %d replays this run."
                check subject data.NumberOfTests settings.Cases detail counterexample seed
        raise (ModelCheckFailedException(message, check, seed, caseSeed, counterexample, detail, inner))
    | Some(TestResult.Exhausted data) ->
        failwithf "ModelChecks.%s: FsCheck gave up after %d cases" check data.NumberOfTests
    | _ -> ()
