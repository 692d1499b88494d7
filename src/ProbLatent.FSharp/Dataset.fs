namespace ProbLatent.FSharp

open ProbLatent.Data

/// Data sets from F# values, CSV files and the examples the library ships. Bad values (NaN, ±∞, ragged rows, an
/// empty set) raise a DataException naming the row and column.
[<RequireQualifiedAccess>]
module Dataset =
    /// One row per data point; every row must have the same length.
    let ofRows (rows: seq<float[]>) : DataMatrix = DataMatrix.FromRows(Array.ofSeq rows, source = "rows")

    /// A 2-D array, one row per data point.
    let ofArray2D (values: float[,]) : DataMatrix =
        let rows, columns = Array2D.length1 values, Array2D.length2 values
        DataMatrix(Array.init (rows * columns) (fun i -> values[i / columns, i % columns]), rows, columns, source = "array")

    /// The same values with the given column names (one per column).
    let withColumnNames (names: string list) (data: DataMatrix) : DataMatrix =
        data.WithColumnNames(Array.ofList names)

    /// A numeric CSV file with a header line of column names (see ProbLatent.Data.Csv for the format).
    let readCsv (path: string) : DataMatrix = Csv.Read path

    /// An example data set shipped with the library, by name: "old-faithful" or "iris".
    let example (name: string) : DataMatrix = Examples.Load name

    /// Old Faithful: 272 eruptions, columns eruptions and waiting (minutes).
    let oldFaithful () : DataMatrix = Examples.OldFaithful()

    /// Fisher's iris: 150 flowers, four measurements in cm.
    let iris () : DataMatrix = Examples.Iris()

    let toRows (data: DataMatrix) : float[][] = data.ToRows()

    let toArray2D (data: DataMatrix) : float[,] = Array2D.init data.Rows data.Columns (fun i j -> data[i, j])
