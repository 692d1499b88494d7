namespace ProbLatent;

/// <summary>Bad input data: names the source, and the row and column (0-based) where they apply.</summary>
/// <remarks>
/// The message starts with where the problem is, then says what it is:
/// <c>data.csv, row 3 (line 5), column 1 'waiting': 'abc' is not a number</c>. Rows count data rows from 0
/// (not the header); a line number, when the data came from a text file, is the 1-based line an editor shows.
/// </remarks>
public sealed class DataException : ProbLatentException
{
    public DataException(string message, string? source = null, int? row = null, int? column = null)
        : this(message, source, row, column, line: null, columnName: null) { }

    /// <param name="line">The 1-based line of a text file the row was read from, when there is one.</param>
    /// <param name="columnName">The name of <paramref name="column"/>, when the data has names.</param>
    public DataException(string message, string? source, int? row, int? column, int? line, string? columnName)
        : base(Describe(message, source, row, column, line, columnName))
    {
        Source = source;
        Row = row;
        Column = column;
        Line = line;
        ColumnName = columnName;
        Reason = message;
    }

    /// <summary>
    /// <paramref name="source"/> read <paramref name="before"/> rows on one pass of a fit (<paramref name="first"/>) and
    /// <paramref name="now"/> on a later one (<paramref name="second"/>): the fit stops rather than go on over rows the
    /// other passes did not read.
    /// </summary>
    internal static DataException RowsChanged(string? source, long before, long now, string first = "when the fit began", string second = "on this pass") =>
        new($"had {before:N0} rows {first} and {now:N0} {second}: it changed while it was being read", source);

    /// <summary>The file or data set the problem was found in, when known.</summary>
    public new string? Source { get; }

    /// <summary>The 0-based data row (not counting a header), when the problem has one.</summary>
    public int? Row { get; }

    /// <summary>The 0-based column, when the problem has one.</summary>
    public int? Column { get; }

    /// <summary>The 1-based line of the text file, when the data came from one.</summary>
    public int? Line { get; }

    /// <summary>The name of the column, when known.</summary>
    public string? ColumnName { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }

    static string Describe(string message, string? source, int? row, int? column, int? line, string? columnName)
    {
        var where = new List<string>();
        if (source is not null) where.Add(source);
        if (row is not null) where.Add(line is null ? $"row {row}" : $"row {row} (line {line})");
        else if (line is not null) where.Add($"line {line}");
        if (column is not null) where.Add(columnName is null ? $"column {column}" : $"column {column} '{columnName}'");
        else if (columnName is not null) where.Add($"column '{columnName}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
