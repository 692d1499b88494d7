using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Cli.Output;

/// <summary>What one run of <c>compare</c> found: the model, the data, a row per fit, and the backends that refused or failed.</summary>
public sealed record CompareResults(
    Model Model,
    DataMatrix Data,
    IReadOnlyList<CompareRow> Rows,
    IReadOnlyList<(string Backend, string Reason)> Skipped,
    IReadOnlyList<(string Backend, string Reason)> Failed)
{
    /// <summary>The backends' own fits, without the exact evaluations of their parameters.</summary>
    public IReadOnlyList<Backends.FitResult> Fits => Rows.Where(r => r.ParametersFrom is null).Select(r => r.Fit).ToArray();

    /// <summary>One line: the data's source, its size and its first column names.</summary>
    public string DataDescription =>
        $"{Data.Source}, {Format.Count(Data.Rows, "point")} × {Format.Count(Data.Columns, "column")} ({string.Join(", ", Data.ColumnNames.Take(8))}{(Data.Columns > 8 ? ", ..." : "")})";
}
