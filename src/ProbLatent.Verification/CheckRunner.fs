/// Runs a law over generated cases with FsCheck and turns a failure into a ModelCheckFailedException.
module internal ProbLatent.Verification.CheckRunner

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Data

/// Keeps FsCheck's result instead of printing it.
type private CapturingRunner() =
    member val Result: TestResult option = None with get, set

    interface IRunner with
        member _.OnStartFixture _ = ()
        member _.OnArguments(_, _, _) = ()
        member _.OnShrink(_, _) = ()
        member r.OnFinished(_, result) = r.Result <- Some result

/// Cases whose data the generator makes from the case's seed.
let fromFunction (data: Func<Random, DataMatrix>) : Gen<DataCase> =
    Gen.choose (0, Int32.MaxValue - 1) |> Gen.map (fun seed -> { Seed = seed; Data = data.Invoke(Random seed) })

/// Runs `law` over `settings.Cases` cases; throws ModelCheckFailedException at the first that fails, naming the
/// case's seed (`seedOf`) and what it was (`describe`).
let run (check: string) (subject: string) (settings: CheckSettings) (cases: Gen<'case>) (seedOf: 'case -> int) (describe: 'case -> string) (law: 'case -> Verdict) =
    settings.Validate()
    let seed = if settings.Seed.HasValue then settings.Seed.Value else Random.Shared.Next()
    let runner = CapturingRunner()
    let config =
        Config.Quick
            .WithMaxTest(settings.Cases)
            .WithReplay(Some { Rnd = Rnd(uint64 seed); Size = None })
            .WithRunner(runner)
            .WithName(check)
    Check.One(config, Prop.forAll (Arb.fromGen cases) (fun case -> (law case).ToProperty()))
    match runner.Result with
    | Some(TestResult.Failed(data, arguments, _, outcome, _, _, _)) ->
        let case = unbox<'case> (List.head arguments)
        let counterexample = describe case
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
        raise (ModelCheckFailedException(message, check, seed, seedOf case, counterexample, detail, inner))
    | Some(TestResult.Exhausted data) ->
        failwithf "ModelChecks.%s: FsCheck gave up after %d cases" check data.NumberOfTests
    | _ -> ()
