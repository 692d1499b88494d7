using System.Globalization;
using System.Text;
using ProbLatent.Cli.Cancellation;
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
    /// <summary>Lines written between two looks at the cancellation token, within a block.</summary>
    const int LinesPerCheck = 4096;

    /// <summary>
    /// Writes the blocks to <paramref name="path"/> (whole or not at all: <see cref="AtomicFile"/>, through
    /// <paramref name="saves"/>), or to <paramref name="console"/> when there is no path. Returns the number of rows and the
    /// column names. Ctrl+C (<paramref name="cancellation"/>) stops between lines and throws <see cref="OperationCanceledException"/>:
    /// a file is then not written at all, and an earlier one at <paramref name="path"/> is left as it was.
    /// </summary>
    public static (int Rows, IReadOnlyList<string> Columns) Write(string? path, TextWriter console, IEnumerable<DataMatrix[]> blocks,
        SaveGate saves, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(saves);
        if (path is null)
        {
            var written = Write(console, blocks, cancellation);
            console.Flush();
            return written;
        }
        (int, IReadOnlyList<string>) result = default;
        saves.Write(path, () => AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            result = Write(writer, blocks, cancellation);
        }, reason => new DataException(reason, path)));
        return result;
    }

    /// <summary>The error line of a write that Ctrl+C stopped.</summary>
    public static string Cancelled(string? path) => path is null
        ? "error: cancelled; the rows above are not all of them"
        : $"error: cancelled; {path} was not written (an earlier file there is as it was)";

    static (int Rows, IReadOnlyList<string> Columns) Write(TextWriter writer, IEnumerable<DataMatrix[]> blocks, CancellationToken cancellation)
    {
        IReadOnlyList<string>? columns = null;
        int rows = 0;
        var line = new StringBuilder();
        foreach (var block in blocks)
        {
            cancellation.ThrowIfCancellationRequested();
            if (columns is null)
            {
                columns = block.SelectMany(m => m.ColumnNames).ToArray();
                writer.WriteLine(string.Join(",", columns));
            }
            for (int n = 0; n < block[0].Rows; n++)
            {
                if (n % LinesPerCheck == LinesPerCheck - 1) cancellation.ThrowIfCancellationRequested();
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
}
