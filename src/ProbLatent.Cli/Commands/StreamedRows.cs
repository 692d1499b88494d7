using System.Globalization;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.Files;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>score --per-row</c> over a table read in blocks (a Parquet file, several files, a folder): each block's rows are matched
/// to the model's columns, scored and written as CSV before the next block is read, so only a block is ever held; the
/// summary with <c>--out</c> (total, per point, the least likely rows) is gathered on the way.
/// </summary>
internal static class StreamedRows
{
    public static int Write(CliContext context, SavedModel saved, DataSource source, bool byPosition, string? outFile)
    {
        double total = 0;
        long count = 0;
        var lowest = new SortedSet<(double LogLikelihood, long Row)>();
        IEnumerable<DataMatrix[]> Blocks()
        {
            foreach (var block in source.Blocks(context.Cancellation))
            {
                var points = saved.Model.PointLogLikelihoods(SavedModelOptions.Match(saved, block.Data, byPosition));
                var rows = new double[points.Length];
                for (int n = 0; n < points.Length; n++)
                {
                    long row = block.FirstRowOfSource + n;
                    rows[n] = row + 1;
                    total += points[n];
                    lowest.Add((points[n], row));
                    if (lowest.Count > ScoreCommand.LowestRows) lowest.Remove(lowest.Max);
                }
                count += points.Length;
                yield return [new DataMatrix(rows, rows.Length, 1, [ScoreCommand.RowColumn], "score"),
                              new DataMatrix(points, points.Length, 1, [ScoreCommand.LogLikelihoodColumn], "score")];
            }
        }
        return ScoreCommand.WriteRows(context, Blocks(), outFile, () => Format.WriteRows(context.Output,
        [
            ("model", ScoreCommand.ModelLine(saved)),
            ("data", $"{source.Name}, {Format.Count(count, "point")} × {Format.Count(source.Columns, "column")} (read in blocks)"),
            ("log p(x)", $"{Format.Total(total)} total, {Format.PerPoint(total / count)} per point ({ScoreCommand.Exact(saved)})"),
            ("least likely", string.Join(", ", lowest.Select(l => string.Create(CultureInfo.InvariantCulture, $"row {l.Row + 1} ({Format.PerPoint(l.LogLikelihood)})")))),
        ]));
    }
}
