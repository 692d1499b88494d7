using System.Globalization;

namespace ProbLatent.Data;

/// <summary>
/// Reads numeric CSV files into a <see cref="DataMatrix"/>.
/// </summary>
/// <remarks>
/// The format: comma-separated; the first line is a header of column names (unique, non-empty, optionally
/// in double quotes); every following line is one data row with exactly one value per column. Values are
/// numbers in the invariant culture (<c>3.6</c>, <c>-1e-3</c>), with optional surrounding whitespace and
/// optional double quotes. ±∞ is refused; NaN and empty cells are refused too unless <see cref="MissingValues.AtRandom"/>
/// is given, when they are missing cells (NaN in the data set, see <see cref="DataMatrix.HasMissing"/>).
/// Blank lines at the end of the file are skipped; a blank line between data rows is an error, so that no
/// row is ever dropped without saying so. Errors are <see cref="DataException"/>s naming the file, the
/// 0-based data row together with its 1-based line, and the column by index and name.
/// </remarks>
public static class Csv
{
    /// <summary>Reads a CSV file; the source in error messages is the path as given.</summary>
    /// <param name="columns">The columns to read (default all); the others are not parsed, so they may hold text.</param>
    /// <param name="missing">Whether an empty cell or NaN is a missing cell or refused (the default).</param>
    public static DataMatrix Read(string path, ColumnSelection? columns = null, MissingValues missing = MissingValues.Refused)
    {
        CheckFile(path);
        return Reading(path, () =>
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Parse(reader, path, columns, missing);
        });
    }

    /// <summary>Refuses a path that is blank, a directory or not there, before anything is read.</summary>
    internal static void CheckFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new DataException("no file name was given");
        if (Directory.Exists(path)) throw new DataException("is a directory, not a CSV file", path);
        if (!File.Exists(path)) throw new DataException("file not found", path);
    }

    /// <summary>Runs <paramref name="read"/>, turning the file system's errors into a <see cref="DataException"/> naming the file.</summary>
    internal static T Reading<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new DataException($"cannot be read: {e.Message}", path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataException($"cannot be read: {e.Message}", path);
        }
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    /// <param name="columns">The columns to read (default all); the others are not parsed, so they may hold text.</param>
    /// <param name="missing">Whether an empty cell or NaN is a missing cell or refused (the default).</param>
    public static DataMatrix Parse(TextReader reader, string source, ColumnSelection? columns = null, MissingValues missing = MissingValues.Refused) =>
        FromTable(CsvTable.Parse(reader, source), source, columns ?? ColumnSelection.All, missing);

    /// <summary>Parses CSV text held in a string (tests, embedded data).</summary>
    public static DataMatrix ParseText(string text, string source, ColumnSelection? columns = null, MissingValues missing = MissingValues.Refused) =>
        Parse(new StringReader(text), source, columns, missing);

    /// <summary>The selected columns of a table as numbers, in the selection's order.</summary>
    /// <param name="refusal">Why a missing cell is refused when <paramref name="missing"/> refuses it (the readers' default names the option that allows it).</param>
    internal static DataMatrix FromTable(CsvTable table, string source, ColumnSelection selection, MissingValues missing = MissingValues.Refused,
        string refusal = MissingRefused)
    {
        var chosen = selection.Resolve(table.Header, source);
        int width = chosen.Length;
        var values = new double[table.Rows.Count * width];
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            for (int c = 0; c < width; c++)
            {
                int field = chosen[c];
                values[r * width + c] = ParseNumber(row.Fields[field], source, r, field, row.Line, table.Header[field], missing, refusal);
            }
        }
        return new DataMatrix(values, table.Rows.Count, width, chosen.Select(c => table.Header[c]).ToArray(), source, firstRow: 0,
            firstLine: table.Rows[0].Line, missing);
    }

    /// <summary>The cell's number; an empty cell or NaN is NaN, a missing cell, with <see cref="MissingValues.AtRandom"/>, and refused without.</summary>
    internal static double ParseNumber(string cell, string source, int row, int column, int line, string columnName,
        MissingValues missing = MissingValues.Refused, string refusal = MissingRefused)
    {
        var text = cell.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = text[1..^1].Trim();
        bool allowMissing = missing == MissingValues.AtRandom;
        if (text.Length == 0)
        {
            if (allowMissing) return double.NaN;
            throw new DataException($"the cell is empty ({refusal})", source, row, column, line, columnName);
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new DataException($"'{Shorten(text)}' is not a number{SeparatorHint(text)}", source, row, column, line, columnName);
        if (double.IsNaN(value))
        {
            if (allowMissing) return value;
            throw new DataException($"'{Shorten(text)}' is not a finite number (a NaN is a missing cell: {refusal})", source, row, column, line, columnName);
        }
        if (!double.IsFinite(value))
            throw new DataException($"'{Shorten(text)}' is not a finite number (±infinity is not allowed)", source, row, column, line, columnName);
        return value;
    }

    /// <summary>The refusal of a missing cell, for the readers' messages.</summary>
    public const string MissingRefused = "missing values are refused unless allowed: --missing, or MissingValues.AtRandom";

    static string SeparatorHint(string text) =>
        text.Contains(';') ? " (the file seems to use ';' as the separator; only ',' is supported)"
        : text.Contains('\t') ? " (the file seems to use tabs as the separator; only ',' is supported)"
        : "";

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}

/// <summary>CSV split into a header and rows of text fields, with the line each row came from.</summary>
internal sealed class CsvTable
{
    public required IReadOnlyList<string> Header { get; init; }
    public required IReadOnlyList<CsvRow> Rows { get; init; }

    public static CsvTable Parse(TextReader reader, string source)
    {
        var rows = new CsvRows(reader, source);
        var list = rows.ToList();
        if (list.Count == 0) throw rows.NoRows();
        return new CsvTable { Header = rows.Header, Rows = list };
    }

    internal static bool IsRestBlank(TextReader reader)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
            if (!string.IsNullOrWhiteSpace(line)) return false;
        return true;
    }

    internal static List<string> ParseHeader(string line, string source)
    {
        var raw = SplitLine(line, source, row: null, line: 1);
        var names = new List<string>(raw.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < raw.Count; c++)
        {
            var name = raw[c].Trim();
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"') name = name[1..^1].Trim();
            if (name.Length == 0)
                throw new DataException("the header has an empty column name; every column needs a name", source, row: null, column: c, line: 1, columnName: null);
            if (seen.TryGetValue(name, out var first))
                throw new DataException($"the header repeats the column name '{name}' (first used by column {first})", source, row: null, column: c, line: 1, columnName: null);
            seen[name] = c;
            names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// Splits one line at commas outside double quotes. Quotes are kept on the field (callers strip them), and a
    /// doubled quote inside a quoted field stands for one quote. A quoted field cannot span lines.
    /// </summary>
    internal static List<string> SplitLine(string text, string source, int? row, int line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool inQuotes = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { current.Append('"'); i++; }
                    else { current.Append('"'); inQuotes = false; }
                }
                else current.Append(ch);
            }
            else if (ch == '"') { current.Append('"'); inQuotes = true; }
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        if (inQuotes)
            throw new DataException("a double quote is not closed on this line (quoted values cannot span lines)",
                source, row, column: fields.Count, line: line, columnName: null);
        fields.Add(current.ToString());
        return fields;
    }
}

internal sealed record CsvRow(IReadOnlyList<string> Fields, int Line);

/// <summary>
/// CSV read a row at a time: the header when constructed, then each data row with its line as it is enumerated, so a file
/// larger than memory is read in blocks (<see cref="CsvSource"/>) with the same checks and messages as one read whole
/// (<see cref="CsvTable"/>): a byte-order mark, a blank or repeated header name, a blank line between rows, a row of the wrong width.
/// </summary>
internal sealed class CsvRows : IEnumerable<CsvRow>
{
    readonly TextReader _reader;
    readonly string _source;
    bool _enumerated;

    public CsvRows(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        _reader = reader;
        _source = source;
        var headerLine = reader.ReadLine();
        if (headerLine is not null && headerLine.Length > 0 && headerLine[0] == '\uFEFF') headerLine = headerLine[1..];
        if (headerLine is null || (string.IsNullOrWhiteSpace(headerLine) && CsvTable.IsRestBlank(reader)))
            throw new DataException("the file is empty; expected a header line of column names, then one line per data row", source);
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new DataException("the header (line 1) is blank; the first line must name the columns", source, row: null, column: null, line: 1, columnName: null);
        Header = CsvTable.ParseHeader(headerLine, source);
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The refusal of a file with a header and no data rows.</summary>
    public DataException NoRows() => new($"has a header ({string.Join(", ", Header)}) but no data rows", _source);

    /// <summary>The data rows in order; the reader is read once, so a second enumeration is refused.</summary>
    public IEnumerator<CsvRow> GetEnumerator()
    {
        if (_enumerated) throw new InvalidOperationException($"the rows of {_source} were already read");
        _enumerated = true;
        return Read();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    IEnumerator<CsvRow> Read()
    {
        int lineNumber = 1, count = 0;
        int? firstBlank = null;
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                firstBlank ??= lineNumber;
                continue;
            }
            if (firstBlank is not null)
                throw new DataException(
                    $"line {firstBlank} is blank, but more data follows; blank lines are allowed only at the end of the file",
                    _source, count, column: null, line: lineNumber, columnName: null);
            var fields = CsvTable.SplitLine(line, _source, count, lineNumber);
            if (fields.Count != Header.Count)
            {
                int column = Math.Min(fields.Count, Header.Count);
                var what = $"has {Counted.Of(fields.Count, "value")} but the header has {Counted.Of(Header.Count, "column")} ({string.Join(", ", Header)})";
                throw new DataException(what, _source, count, column, lineNumber, columnName: null);
            }
            count++;
            yield return new CsvRow(fields, lineNumber);
        }
    }
}
