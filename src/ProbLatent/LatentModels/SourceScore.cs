using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// The exact log p(x) of a fitted model over a data source read in blocks, in one pass: each block's columns matched to the
/// model's (<see cref="ColumnOrder.Match"/>) and its rows' log-likelihoods summed in row order, as the total of a matrix is
/// summed, so a source of the same rows gives the same total to the bit.
/// </summary>
public static class SourceScore
{
    /// <summary>Σₙ log p(xₙ) and the number of rows.</summary>
    /// <param name="columnNames">The columns the model was fitted on, or null to match by position.</param>
    /// <param name="model">The model, as messages name it ("the model in faithful.plm").</param>
    public static (double Total, long Rows) Of(ILatentModel latentModel, DataSource source, IReadOnlyList<string>? columnNames = null,
        string model = "the model", CancellationToken cancellation = default)
    {
        double total = 0;
        long rows = ForEachRow(latentModel, source, (_, logLikelihood) => total += logLikelihood, columnNames, model, cancellation);
        return (total, rows);
    }

    /// <summary>Calls <paramref name="row"/> with each row's index in the source and its log p(xₙ), in order; returns the rows.</summary>
    public static long ForEachRow(ILatentModel latentModel, DataSource source, Action<long, double> row, IReadOnlyList<string>? columnNames = null,
        string model = "the model", CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(latentModel);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(row);
        long rows = 0;
        foreach (var block in source.Blocks(cancellation))
        {
            var points = latentModel.PointLogLikelihoods(ColumnOrder.Match(block.Data, columnNames, model));
            for (int n = 0; n < points.Length; n++) row(block.FirstRowOfSource + n, points[n]);
            rows += points.Length;
        }
        return rows;
    }
}
