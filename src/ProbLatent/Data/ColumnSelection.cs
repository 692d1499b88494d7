namespace ProbLatent.Data;

/// <summary>
/// Which columns of a table to read, by name: all of them, only the named ones (in the order named), or all but the
/// named ones. A label column (iris's <c>species</c>) or an identifier is left out this way without editing the file.
/// </summary>
/// <remarks>
/// Names are compared exactly (case-sensitive, as CSV headers are). A name the table does not have is an error listing
/// the names it has, and so is a selection that leaves no column.
/// </remarks>
public sealed class ColumnSelection
{
    readonly string[] _names;
    readonly bool _keep;

    ColumnSelection(string[] names, bool keep)
    {
        _names = names;
        _keep = keep;
    }

    /// <summary>Every column, in the table's order.</summary>
    public static ColumnSelection All { get; } = new([], keep: false);

    /// <summary>Only the named columns, in the order named.</summary>
    public static ColumnSelection Only(params IEnumerable<string> names) => new(Checked(names, nameof(Only)), keep: true);

    /// <summary>Every column but the named ones, in the table's order.</summary>
    public static ColumnSelection Except(params IEnumerable<string> names) => new(Checked(names, nameof(Except)), keep: false);

    /// <summary>Whether this selects every column of any table.</summary>
    public bool IsAll => !_keep && _names.Length == 0;

    /// <summary>The indices of the selected columns of a table with these names, in the order they are to be read.</summary>
    /// <exception cref="DataException">A named column is not in <paramref name="header"/>, or no column is left.</exception>
    public int[] Resolve(IReadOnlyList<string> header, string source)
    {
        ArgumentNullException.ThrowIfNull(header);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Count; c++) index.TryAdd(header[c], c);
        var missing = _names.Where(n => !index.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
            throw new DataException(
                $"has no {(missing.Length == 1 ? "column" : "columns")} {string.Join(", ", missing.Select(n => $"'{n}'"))}; its columns are {string.Join(", ", header)}",
                source);
        if (_keep) return _names.Select(n => index[n]).ToArray();
        var dropped = _names.Select(n => index[n]).ToHashSet();
        var kept = Enumerable.Range(0, header.Count).Where(c => !dropped.Contains(c)).ToArray();
        if (kept.Length == 0) throw new DataException($"has no columns left once {string.Join(", ", _names)} {(_names.Length == 1 ? "is" : "are")} left out", source);
        return kept;
    }

    static string[] Checked(IEnumerable<string> names, string what)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToArray();
        if (list.Length == 0 && what == nameof(Only)) throw new ArgumentException("Only needs at least one column name", nameof(names));
        foreach (var name in list)
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{what}: a column name is empty", nameof(names));
        var repeated = list.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"{what}: the column '{repeated.Key}' is named twice", nameof(names));
        return list;
    }

    public override string ToString() =>
        IsAll ? "all columns" : _keep ? $"only {string.Join(", ", _names)}" : $"all but {string.Join(", ", _names)}";
}
