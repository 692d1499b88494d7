using System.Globalization;
using System.Text;
using ProbLatent.Data;
using ProbLatent.Files;

namespace ProbLatent.Cli.Output;

/// <summary>
/// Writes rows as CSV that <see cref="Csv.Read"/> reads back: a header of column names, then one line per row, each
/// value in the invariant culture and in its shortest form that parses back to the same double. Rows come in blocks,
/// each a few matrices side by side (data and latents), so that a large sample is written as it is drawn.
/// </summary>
public static class CsvOutput
{
    /// <summary>
    /// Writes the blocks to <paramref name="path"/> (whole or not at all: <see cref="AtomicFile"/>), or to
    /// <paramref name="console"/> when there is no path. Returns the number of rows and the column names.
    /// </summary>
    public static (int Rows, IReadOnlyList<string> Columns) Write(string? path, TextWriter console, IEnumerable<DataMatrix[]> blocks)
    {
        if (path is null)
        {
            var written = Write(console, blocks);
            console.Flush();
            return written;
        }
        (int, IReadOnlyList<string>) result = default;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            result = Write(writer, blocks);
        }, reason => new DataException(reason, path));
        return result;
    }

    static (int Rows, IReadOnlyList<string> Columns) Write(TextWriter writer, IEnumerable<DataMatrix[]> blocks)
    {
        IReadOnlyList<string>? columns = null;
        int rows = 0;
        var line = new StringBuilder();
        foreach (var block in blocks)
        {
            if (columns is null)
            {
                columns = block.SelectMany(m => m.ColumnNames).ToArray();
                writer.WriteLine(string.Join(",", columns));
            }
            for (int n = 0; n < block[0].Rows; n++)
            {
                line.Clear();
                foreach (var matrix in block)
                    foreach (var value in matrix.Row(n))
                    {
                        if (line.Length > 0) line.Append(',');
                        // Formatted straight into the line: no string per value.
                        line.Append(CultureInfo.InvariantCulture, $"{value}");
                    }
                writer.WriteLine(line);
            }
            rows += block[0].Rows;
        }
        return (rows, columns ?? []);
    }

    /// <summary>Column names for a message: all of a few, or the first ones and how many in all.</summary>
    public static string Describe(IReadOnlyList<string> columns) =>
        columns.Count <= 8 ? string.Join(", ", columns) : $"{string.Join(", ", columns.Take(6))}, … {columns.Count} in all";
}
