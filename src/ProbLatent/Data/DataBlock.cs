namespace ProbLatent.Data;

/// <summary>
/// A block of rows of a <see cref="DataSource"/> in one pass: the rows as a <see cref="DataMatrix"/> (whose
/// <see cref="DataMatrix.Source"/>, <see cref="DataMatrix.FirstRow"/> and <see cref="DataMatrix.FirstLine"/> say where in its
/// file they are, for the errors found in them) and their place in the whole data set. Reused by the next block.
/// </summary>
public sealed class DataBlock
{
    internal DataBlock() { }

    /// <summary>The block's rows: row-major, with the source's columns.</summary>
    public DataMatrix Data { get; internal set; } = null!;

    /// <summary>The file the rows were read from (the data set's name when it is not a file).</summary>
    public string File { get; internal set; } = "";

    /// <summary>The Parquet row group the rows are, or null for a source without row groups.</summary>
    public int? RowGroup { get; internal set; }

    /// <summary>The 0-based row of the file that the block's first row is.</summary>
    public long FirstRowOfFile { get; internal set; }

    /// <summary>The 0-based row of the whole data set that the block's first row is (past the rows of earlier files).</summary>
    public long FirstRowOfSource { get; internal set; }

    public override string ToString() =>
        $"{File}{(RowGroup is { } g ? $", row group {g}" : "")}, rows {FirstRowOfFile}–{FirstRowOfFile + Data.Rows - 1}";
}
