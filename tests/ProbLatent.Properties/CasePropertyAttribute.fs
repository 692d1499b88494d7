namespace ProbLatent.Properties

open System
open System.Threading
open FsCheck.Xunit
open Xunit.Abstractions
open Xunit.Sdk

/// What became of the fits of the property that runs in this test: how many reached their law (LatentModelGenerators.ofFit)
/// and how many stopped at a collapsed component instead, out of the Cases the property runs.
[<AllowNullLiteral>]
type FitOutcomes(cases: int) =
    static let current = AsyncLocal<FitOutcomes>()

    member _.Cases = cases
    member val Reached = 0 with get, set
    member val Collapsed = 0 with get, set

    /// The outcomes of the property running here. A property runs its cases one after another on the thread of its
    /// test, and each CaseProperty test starts with none.
    static member Current =
        match current.Value with
        | null -> invalidOp "ofFit counts the fits of a property run by [<CaseProperty>], and none runs here: mark the test [<CaseProperty>], or start FitOutcomes.Begin(cases) before checking the property"
        | outcomes -> outcomes

    /// Starts counting the fits of a property of `cases` cases on this thread and those it starts.
    static member Begin(cases: int) = current.Value <- FitOutcomes cases

/// Runs a [<CaseProperty>] test as FsCheck.Xunit runs a [<Property>], so that a failure prints FsCheck's counterexample
/// (shrunk where its generator shrinks) and the seed that replays it, with fresh FitOutcomes for its cases.
type CasePropertyTestCase =
    inherit PropertyTestCase

    [<Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")>]
    new() = { inherit PropertyTestCase() }

    new(sink: IMessageSink, display: TestMethodDisplay, options: TestMethodDisplayOptions, testMethod: ITestMethod) =
        { inherit PropertyTestCase(sink, display, options, testMethod) }

    override this.RunAsync(sink, bus, arguments, aggregator, cancellation) =
        let attribute = this.TestMethod.Method.GetCustomAttributes(typeof<CasePropertyAttribute>) |> Seq.head
        FitOutcomes.Begin(attribute.GetNamedArgument<int> "MaxTest")
        base.RunAsync(sink, bus, arguments, aggregator, cancellation)

/// Finds the [<CaseProperty>] tests.
and CasePropertyDiscoverer(sink: IMessageSink) =
    interface IXunitTestCaseDiscoverer with
        member _.Discover(options, testMethod, _) =
            Seq.singleton (new CasePropertyTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod) :> IXunitTestCase)

/// An FsCheck.Xunit [<Property>] over Generators.caseCount cases (100, or PROBLATENT_PROPERTY_CASES), or CasesPercent
/// percent of them for a property whose cases cost more or fail more rarely than most. The test returns its Property
/// (Prop.forAll over the cases' generator); Replay = "(seed,gamma)" reruns the cases of a failure that printed it.
and [<AttributeUsage(AttributeTargets.Method, AllowMultiple = false)>]
    [<XunitTestCaseDiscoverer("ProbLatent.Properties.CasePropertyDiscoverer", "ProbLatent.Properties")>]
    CasePropertyAttribute() as this =
    inherit PropertyAttribute()
    do this.MaxTest <- Generators.caseCount

    /// The cases run, in percent of Generators.caseCount (at least one case).
    member _.CasesPercent
        with get () = 100 * this.MaxTest / Generators.caseCount
        and set (percent: int) = this.MaxTest <- max 1 (Generators.caseCount * percent / 100)
