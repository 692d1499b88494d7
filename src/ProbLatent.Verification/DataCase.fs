namespace ProbLatent.Verification

open System
open ProbLatent.Data

/// One generated case: the data, and the seed it (and the case's other random choices) came from.
type internal DataCase =
    { Seed: int
      Data: DataMatrix }

    /// A second generator for the case's own random choices (arbitrary q, random parameters), independent of the data's.
    member c.Random() = Random(c.Seed + 1)

    /// Its size and first rows, for a failure message.
    member c.Sketch() =
        let rows =
            [ for i in 0 .. min 3 c.Data.Rows - 1 ->
                  c.Data.Row(i).ToArray() |> Array.map (sprintf "%.6g") |> String.concat ", " |> sprintf "[%s]" ]
        sprintf "case seed %d: %d rows × %d columns, first rows %s%s" c.Seed c.Data.Rows c.Data.Columns (String.concat " " rows)
            (if c.Data.Rows > 3 then " …" else "")

    override c.ToString() = c.Sketch()

    /// The case the user's generator makes from a seed.
    static member Of (data: Func<Random, DataMatrix>) (seed: int) = { Seed = seed; Data = data.Invoke(Random seed) }

    /// The sketch of the case a seed makes, or what went wrong making it.
    static member Describe (data: Func<Random, DataMatrix>) (seed: int) =
        try
            (DataCase.Of data seed).Sketch()
        with e ->
            $"case seed {seed}, whose data generator raised {e.GetType().Name}"
