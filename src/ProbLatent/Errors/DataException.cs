namespace ProbLatent;

/// <summary>Bad input data: names the source, and the row and column (0-based) where they apply.</summary>
public sealed class DataException : ProbLatentException
{
    public DataException(string message, string? source = null, int? row = null, int? column = null)
        : base(Describe(message, source, row, column))
    {
        Source = source;
        Row = row;
        Column = column;
    }

    /// <summary>The file or data set the problem was found in, when known.</summary>
    public new string? Source { get; }

    /// <summary>The 0-based data row (not counting a header), when the problem has one.</summary>
    public int? Row { get; }

    /// <summary>The 0-based column, when the problem has one.</summary>
    public int? Column { get; }

    static string Describe(string message, string? source, int? row, int? column)
    {
        var where = new List<string>();
        if (source is not null) where.Add(source);
        if (row is not null) where.Add($"row {row}");
        if (column is not null) where.Add($"column {column}");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
