using System.Numerics;
using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>The sample mean and the maximum-likelihood (1/N) covariance of a data set, computed in row blocks.</summary>
internal static class SampleMoments
{
    /// <summary>Each column's mean and maximum-likelihood (1/N) variance: the diagonal only, cheap for hundreds of columns.</summary>
    public static (double[] Means, double[] Variances) ColumnMoments(DataMatrix data) => ColumnMoments<double>(data.Rows, data.Columns, data.Row);

    /// <summary>
    /// Each column's maximum-likelihood variance: the unit in which defaults that must not depend on the data's units
    /// (EM's ridge, VMP's data-scaled priors) are stated. A column without spread (one row) gets 1, so they stay finite.
    /// </summary>
    /// <exception cref="DataException">A column's variance overflows double.</exception>
    public static double[] ColumnScales(DataMatrix data)
    {
        var variances = ColumnMoments(data).Variances;
        for (int j = 0; j < variances.Length; j++)
        {
            if (!double.IsFinite(variances[j]))
            {
                double largest = 0;
                for (int n = 0; n < data.Rows; n++) largest = Math.Max(largest, Math.Abs(data[n, j]));
                throw new DataException(
                    $"column '{data.ColumnNames[j]}' has a variance that overflows double (its largest magnitude is {largest:G3}): rescale it",
                    data.Source, column: j);
            }
            if (!(variances[j] > 0)) variances[j] = 1;
        }
        return variances;
    }

    /// <summary>The same for float32 data (a VAE's training set), summed in double.</summary>
    public static (double[] Means, double[] Variances) ColumnMoments(FloatMatrix data) => ColumnMoments<float>(data.Rows, data.Columns, data.Row);

    delegate ReadOnlySpan<T> RowOf<T>(int row);

    /// <remarks>
    /// A NaN is a missing cell (a data set holds one only when read with missing values allowed): each column's moments are
    /// those of its observed cells, over their count, which is the number of rows when none is missing.
    /// </remarks>
    static (double[] Means, double[] Variances) ColumnMoments<T>(int rows, int columns, RowOf<T> rowOf) where T : INumberBase<T>
    {
        var means = new double[columns];
        var variances = new double[columns];
        var counts = new int[columns];
        for (int i = 0; i < rows; i++)
        {
            var row = rowOf(i);
            for (int j = 0; j < columns; j++)
            {
                if (T.IsNaN(row[j])) continue;
                means[j] += double.CreateTruncating(row[j]);
                counts[j]++;
            }
        }
        for (int j = 0; j < columns; j++) means[j] /= counts[j];
        for (int i = 0; i < rows; i++)
        {
            var row = rowOf(i);
            for (int j = 0; j < columns; j++)
            {
                if (T.IsNaN(row[j])) continue;
                double deviation = double.CreateTruncating(row[j]) - means[j];
                variances[j] += deviation * deviation;
            }
        }
        for (int j = 0; j < columns; j++) variances[j] /= counts[j];
        return (means, variances);
    }

    /// <summary>The rows with each missing cell at its column's mean over the observed cells (the data itself when none is missing).</summary>
    public static DataMatrix MeanFilled(DataMatrix data) => data.HasMissing ? data.WithMissingAs(ColumnMoments(data).Means) : data;

    public static double[] Mean(DataMatrix data)
    {
        int d = data.Columns;
        var sum = RowBlocks.Accumulate(data.Rows, d, (start, end, acc) =>
        {
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                for (int j = 0; j < d; j++) acc[j] += row[j];
            }
        });
        for (int j = 0; j < d; j++) sum[j] /= data.Rows;
        return sum;
    }

    /// <summary>S = (1/N) Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ, d×d row-major.</summary>
    public static double[] Covariance(DataMatrix data, ReadOnlySpan<double> mean)
    {
        int d = data.Columns;
        var m = mean.ToArray();
        var scatter = RowBlocks.Accumulate(data.Rows, d * d, (start, end, acc) =>
        {
            var r = new double[d];
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                for (int j = 0; j < d; j++) r[j] = row[j] - m[j];
                for (int a = 0; a < d; a++)
                {
                    double ra = r[a];
                    for (int b = 0; b <= a; b++) acc[a * d + b] += ra * r[b];
                }
            }
        });
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
                scatter[b * d + a] = scatter[a * d + b] /= data.Rows;
        return scatter;
    }
}
