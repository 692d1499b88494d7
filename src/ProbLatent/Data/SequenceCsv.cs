namespace ProbLatent.Data;

/// <summary>
/// Reads sequences from a CSV file (the format of <see cref="Csv"/>): the whole file as one sequence in row order, or,
/// with a sequence column, several sequences told apart by that column's values.
/// </summary>
/// <remarks>
/// With a sequence column, each distinct value (compared as text, so <c>7</c>, <c>a</c> or <c>Nile</c>) names one sequence,
/// and the rows carrying it are that sequence's steps in time order. A sequence's rows must be consecutive in the file: a
/// value that comes back after rows of another sequence — a gap in its run of rows — is refused, naming the sequence, the
/// row where it resumes and the row where it stopped, for the file would otherwise be read with rows in an order nobody
/// meant. Sort such a file by the sequence column, keeping each sequence's rows in time order. The sequence column is not
/// a column of the data. An empty sequence value, a value that is not a finite number, and every error of <see cref="Csv"/>
/// name the row, its line, the column and, where a sequence column is read, the sequence and its step.
/// </remarks>
public static class SequenceCsv
{
    /// <summary>Reads a CSV file; the source in error messages is the path as given.</summary>
    /// <param name="sequenceColumn">The column that tells the sequences apart, or null for one sequence of every row in order.</param>
    /// <param name="columns">The data columns to read (default all but the sequence column).</param>
    public static SequenceData Read(string path, string? sequenceColumn = null, ColumnSelection? columns = null)
    {
        Csv.CheckFile(path);
        return Csv.Reading(path, () =>
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Parse(reader, path, sequenceColumn, columns);
        });
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static SequenceData Parse(TextReader reader, string source, string? sequenceColumn = null, ColumnSelection? columns = null)
    {
        var table = CsvTable.Parse(reader, source);
        if (sequenceColumn is null) return SequenceData.Single(Csv.FromTable(table, source, columns ?? ColumnSelection.All, refusal: NoMissing));
        if (string.IsNullOrWhiteSpace(sequenceColumn)) throw new DataException("the sequence column has no name", source);
        int idColumn = ColumnSelection.Only(sequenceColumn).Resolve(table.Header, source)[0];
        var selection = columns ?? ColumnSelection.Except(sequenceColumn);
        // The sequence column tells the sequences apart; it is never a data column, whatever the selection says.
        var chosen = selection.Resolve(table.Header, source).Where(c => c != idColumn).ToArray();
        if (chosen.Length == 0)
            throw new DataException($"no data column is left besides the sequence column '{sequenceColumn}'", source);
        return FromTable(table, source, idColumn, chosen);
    }

    /// <summary>Parses CSV text held in a string (tests, embedded data).</summary>
    public static SequenceData ParseText(string text, string source, string? sequenceColumn = null, ColumnSelection? columns = null) =>
        Parse(new StringReader(text), source, sequenceColumn, columns);

    static SequenceData FromTable(CsvTable table, string source, int idColumn, int[] chosen)
    {
        int width = chosen.Length, rows = table.Rows.Count;
        var values = new double[rows * width];
        var lengths = new List<int>();
        var ended = new Dictionary<string, int>(StringComparer.Ordinal);
        string idName = table.Header[idColumn];
        string? current = null;
        int step = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = table.Rows[r];
            var id = Unquoted(row.Fields[idColumn]);
            if (id.Length == 0)
                throw new DataException("the sequence value is empty; every row names its sequence", source, r, idColumn, row.Line, idName);
            if (id != current)
            {
                if (current is not null) ended[current] = r - 1;
                if (ended.TryGetValue(id, out var stopped))
                    throw new DataException(
                        $"sequence '{id}' resumes here after a gap: its rows stopped at row {stopped} and rows of other sequences came between; " +
                        "a sequence's rows must be consecutive, in time order (sort the file by the sequence column, keeping each sequence's order)",
                        source, r, idColumn, row.Line, idName);
                current = id;
                lengths.Add(0);
                step = 0;
            }
            for (int c = 0; c < width; c++)
            {
                int field = chosen[c];
                try
                {
                    values[r * width + c] = Csv.ParseNumber(row.Fields[field], source, r, field, row.Line, table.Header[field], refusal: NoMissing);
                }
                catch (DataException e)
                {
                    throw new DataException($"sequence '{id}', step {step}: {e.Reason}", source, r, field, row.Line, table.Header[field]);
                }
            }
            lengths[^1]++;
            step++;
        }
        var steps = new DataMatrix(values, rows, width, chosen.Select(c => table.Header[c]).ToArray(), source) { FirstLine = table.Rows[0].Line };
        return SequenceData.Split(steps, lengths);
    }

    /// <summary>Why a sequence's empty cell or NaN is refused.</summary>
    public const string NoMissing = "a sequence's cells must all be present: hidden Markov models here take no missing cell";

    static string Unquoted(string cell)
    {
        var text = cell.Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Trim() : text;
    }
}
