using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>The sample mean and the maximum-likelihood (1/N) covariance of a data set, computed in row blocks.</summary>
public static class SampleMoments
{
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
