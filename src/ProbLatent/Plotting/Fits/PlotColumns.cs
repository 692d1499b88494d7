using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// The two data columns a 2-D picture of higher-dimensional data shows: both columns of 2-D data; otherwise the two with
/// the largest variance (in column order), where a cloud is widest and clusters or directions show most — said in
/// <see cref="Note"/>, since the picture is a projection.
/// </summary>
public sealed record PlotColumns(int X, int Y, string XName, string YName, string? Note)
{
    /// <exception cref="ArgumentException">The data has a single column.</exception>
    public static PlotColumns Choose(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns < 2) throw new ArgumentException($"{data.Source} has one column; a 2-D plot needs at least two");
        if (data.Columns == 2) return new(0, 1, data.ColumnNames[0], data.ColumnNames[1], null);
        var variances = Numerics.SampleMoments.ColumnMoments(data).Variances;
        var chosen = Enumerable.Range(0, data.Columns).OrderByDescending(j => variances[j]).ThenBy(j => j).Take(2).Order().ToArray();
        return new(chosen[0], chosen[1], data.ColumnNames[chosen[0]], data.ColumnNames[chosen[1]],
            $"columns {data.ColumnNames[chosen[0]]} and {data.ColumnNames[chosen[1]]}: the two of {data.Columns} with the largest variance");
    }

    /// <summary>The chosen columns' values.</summary>
    public (double[] X, double[] Y) Values(DataMatrix data) =>
        (Enumerable.Range(0, data.Rows).Select(i => data[i, X]).ToArray(), Enumerable.Range(0, data.Rows).Select(i => data[i, Y]).ToArray());

    /// <summary>
    /// The 1σ (solid) and 2σ (dashed) ellipses of N(mean, covariance) on the chosen columns: its marginal there, the
    /// 2×2 block of the mean and covariance.
    /// </summary>
    public ScatterEllipse[] Ellipses(IReadOnlyList<double> mean, Matrix<double> covariance, string colour, string? oneSigma = null, string? twoSigma = null) =>
    [
        new(mean[X], mean[Y], covariance[X, X], covariance[X, Y], covariance[Y, Y], 1, colour, Label: oneSigma),
        new(mean[X], mean[Y], covariance[X, X], covariance[X, Y], covariance[Y, Y], 2, colour, Dashed: true, Label: twoSigma),
    ];
}
