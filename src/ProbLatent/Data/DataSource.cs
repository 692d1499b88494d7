namespace ProbLatent.Data;

/// <summary>
/// A data set read in blocks of rows: what the iterative backends sweep a pass at a time when the rows need not all be in
/// memory at once (EM over a CSV or Parquet file larger than memory, an exact score over it). A <see cref="DataMatrix"/> is
/// one source among others (<see cref="InMemory"/>): one block, the matrix itself, no copy.
/// </summary>
/// <remarks>
/// <para>
/// A pass (<see cref="Blocks"/>) yields the rows in order, block by block, into buffers the source reuses: a block is valid
/// until the next one is asked for, so a consumer takes what it needs of it (sums, a sample) and keeps no reference. Each
/// block says where its rows come from (<see cref="DataBlock"/>: file, row group, first row), and the errors its checks
/// raise name the row of the file, not of the block.
/// </para>
/// <para>
/// Every pass reads the same rows in the same order, so sums over a source taken block by block in order are the same on
/// every pass; a source whose file changed between passes is refused when its row count or columns change.
/// </para>
/// </remarks>
public abstract class DataSource
{
    /// <summary>What the source is called in messages: a file name, a folder, a list of files.</summary>
    public abstract string Name { get; }

    /// <summary>The columns' names: those given (a header, a schema), or x1, x2, … (see <see cref="HasColumnNames"/>).</summary>
    public abstract IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Whether the columns were given names, as <see cref="DataMatrix.HasColumnNames"/>.</summary>
    public abstract bool HasColumnNames { get; }

    public int Columns => ColumnNames.Count;

    /// <summary>The number of rows, when known: from the data itself (in memory), a file's metadata (Parquet), or a complete pass (CSV); null before then.</summary>
    public abstract long? Rows { get; }

    /// <summary>
    /// One pass over the rows, block by block in order. The block and its values are reused by the next one: keep nothing of
    /// it. Cancellation is checked between blocks.
    /// </summary>
    public abstract IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default);

    /// <summary>
    /// Whether a pass costs about what copying its values does (rows held in memory, a <see cref="SpilledSource"/>), so a fit
    /// that sweeps it many times reads it as it is; a fit over any other source reads it through a spill.
    /// </summary>
    public virtual bool ReadsCheaply => false;

    /// <summary>The names given, or null: what a fit remembers (as <see cref="DataMatrix.GivenColumnNames"/>).</summary>
    internal IReadOnlyList<string>? GivenColumnNames => HasColumnNames ? ColumnNames : null;

    /// <summary>The number of rows: <see cref="Rows"/> when known, else counted by a pass.</summary>
    public long CountRows(CancellationToken cancellation = default)
    {
        if (Rows is { } known) return known;
        long count = 0;
        foreach (var block in Blocks(cancellation)) count += block.Data.Rows;
        return count;
    }

    /// <summary>
    /// Every row in one <see cref="DataMatrix"/> (for a backend that fits in memory only, or a plot), or a refusal when there
    /// are more than <paramref name="maximumRows"/>.
    /// </summary>
    /// <param name="tooLarge">What to throw when there are more: the caller's refusal, saying what reads such a source; null for a
    /// <see cref="DataException"/> naming the source.</param>
    /// <exception cref="DataException">The source holds more than <paramref name="maximumRows"/> rows (unless <paramref name="tooLarge"/> is given).</exception>
    public virtual DataMatrix ReadAll(int maximumRows = int.MaxValue, CancellationToken cancellation = default, Func<Exception>? tooLarge = null)
    {
        if (Rows > maximumRows) throw TooLarge(maximumRows, tooLarge);
        var values = new List<double>();
        int? firstLine = null;
        bool first = true, oneFile = true, missing = false;
        string? file = null;
        foreach (var block in Blocks(cancellation))
        {
            // A block without lines (a Parquet row group, named with it) has no first line to keep.
            if (first) { firstLine = block.Data.FirstLine; file = block.Data.Source; first = false; }
            else oneFile &= block.Data.Source == file;
            if ((values.Count + (long)block.Data.Values.Length) / Columns > maximumRows) throw TooLarge(maximumRows, tooLarge);
            values.AddRange(block.Data.Values);
            missing |= block.Data.HasMissing;
        }
        int rows = values.Count / Columns;
        // A single text file's rows are its consecutive lines, so errors found later can still name them.
        return new DataMatrix(values.ToArray(), rows, Columns, GivenColumnNames, Name, firstRow: 0, firstLine: oneFile ? firstLine : null,
            missing ? MissingValues.AtRandom : MissingValues.Refused);
    }

    /// <summary>
    /// Makes <paramref name="block"/> (null: a new one) hold <paramref name="values"/>, rows×<see cref="Columns"/> row-major, read
    /// from row <paramref name="firstRowOfFile"/> of <paramref name="file"/> (of row group <paramref name="rowGroup"/>): what every
    /// source that reads files gives its blocks as (a CSV file, a Parquet reader outside this library). Checks every value is
    /// finite, naming the file, row group, row (and line) and column of one that is not.
    /// </summary>
    /// <param name="missing">Whether a NaN is a missing cell or refused (the default), as <see cref="DataMatrix"/> takes it.</param>
    /// <param name="firstLine">The text file's line of the block's first row, for the messages; null for a file without lines.</param>
    protected DataBlock Block(DataBlock? block, double[] values, int rows, string file, int? rowGroup, long firstRowOfFile,
        MissingValues missing = MissingValues.Refused, int? firstLine = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        string where = rowGroup is { } g ? $"{file}, row group {g}" : file;
        int first = firstRowOfFile <= int.MaxValue ? (int)firstRowOfFile
            : throw new DataException($"has more than {int.MaxValue:N0} rows, more than one file may hold here", file);
        block ??= new DataBlock();
        block.Data = new DataMatrix(values, rows, Columns, GivenColumnNames, where, first, firstLine, missing);
        block.File = file;
        block.RowGroup = rowGroup;
        block.FirstRowOfFile = firstRowOfFile;
        block.FirstRowOfSource = firstRowOfFile;
        return block;
    }

    /// <summary>The refusal of a source of more than <paramref name="maximumRows"/> rows: the caller's, or one naming the source.</summary>
    protected Exception TooLarge(int maximumRows, Func<Exception>? tooLarge) =>
        tooLarge?.Invoke() ?? new DataException($"has more than {maximumRows:N0} rows, more than can be read into memory here", Name);

    /// <summary>
    /// <paramref name="source"/> read once, its later passes from a temporary copy of its values (see <see cref="SpilledSource"/>),
    /// deleted when it is disposed. EM and VMP read a source that does not <see cref="ReadsCheaply"/> so.
    /// </summary>
    public static SpilledSource Spill(DataSource source) => new(source);

    /// <summary>A data set held in memory, as a source of one block: the matrix itself.</summary>
    public static DataSource InMemory(DataMatrix data) => new MatrixSource(data);

    /// <summary>A CSV file read <paramref name="blockRows"/> rows at a time, with <see cref="Csv"/>'s format, checks and messages.</summary>
    /// <param name="columns">The columns to read (default all); the others are not parsed, so they may hold text.</param>
    /// <param name="missing">Whether an empty cell or NaN is a missing cell or refused (the default).</param>
    public static DataSource CsvFile(string path, ColumnSelection? columns = null, int blockRows = CsvSource.DefaultBlockRows,
        MissingValues missing = MissingValues.Refused) =>
        new CsvSource(path, columns ?? ColumnSelection.All, blockRows, missing);

    /// <summary>
    /// Several sources as one data set, their rows in the order given: each must have the same columns, by name where they
    /// have names (in the same order), else by number.
    /// </summary>
    /// <exception cref="DataException">A part's columns differ from the first part's, naming both.</exception>
    public static DataSource Concatenate(IReadOnlyList<DataSource> parts, string? name = null) =>
        parts is [var only] && name is null ? only : new ConcatenatedSource(parts, name);

    public override string ToString() => Rows is { } rows ? $"{Name}: {rows}×{Columns}" : $"{Name}: ?×{Columns}";
}
