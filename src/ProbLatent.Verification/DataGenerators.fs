namespace ProbLatent.Verification

open System
open System.Runtime.InteropServices
open FsCheck
open FsCheck.FSharp
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling

/// Data generators for the checks, in the Func<Random, DataMatrix> form every check takes.
type DataGenerators private () =
    /// `rows` points drawn from the given parameters.
    static member DrawnFrom(parameters: ILatentModel, rows: int) : Func<Random, DataMatrix> =
        ArgumentNullException.ThrowIfNull parameters
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1)
        Func<_, _>(fun r -> parameters.Generate(rows, r).Data)

    /// `rows` points drawn from new random parameters for the model description in every case (see RandomModels):
    /// the checks then range over the family's parameters as well as its data.
    static member FromRandomParameters(model: Model, rows: int) : Func<Random, DataMatrix> =
        ArgumentNullException.ThrowIfNull model
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1)
        RandomModels.forModel model (Random 0) |> ignore // a family without a generator is refused now, not in every case
        Func<_, _>(fun r -> (RandomModels.forModel model r).Generate(rows, r).Data)

    /// Data from an FsCheck generator (an Arbitrary's Generator, say), sampled from the check's seeded generator at a
    /// size drawn uniformly from 1 to `maxSize`, as FsCheck's own runs range over sizes.
    static member OfGen(gen: Gen<DataMatrix>, [<Optional; DefaultParameterValue(100)>] maxSize: int) : Func<Random, DataMatrix> =
        ArgumentNullException.ThrowIfNull gen
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1)
        Func<_, _>(fun r ->
            let size = r.Next(1, maxSize + 1)
            (Gen.sampleWithSeed (Rnd(uint64 (r.NextInt64()))) size 1 gen)[0])
