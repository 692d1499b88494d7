using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

/// <summary>
/// The block statistics EM and the VMP gates share, against the sums written out point by point: counts, weighted sums
/// and the second moments, about the origin and about centres, from rows and from columns held with a stride.
/// </summary>
public class MixtureMomentsTests
{
    const int Rows = 37, D = 3, K = 2;

    static (double[] X, double[] R) Data()
    {
        var random = new Random(5);
        var x = new double[Rows * D];
        for (int i = 0; i < x.Length; i++) x[i] = 1e3 + 10 * random.NextDouble();
        var r = new double[Rows * K];
        for (int n = 0; n < Rows; n++)
        {
            double p = n % 7 == 0 ? 0 : random.NextDouble(); // some rows wholly in one component
            r[n * K] = p;
            r[n * K + 1] = 1 - p;
        }
        return (x, r);
    }

    static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected) + 1e-9, $"expected {expected}, got {actual}");

    [Fact]
    public void Rows_give_the_pointwise_counts_sums_and_scatter_about_the_centres()
    {
        var (x, r) = Data();
        double[] centres = [1004, 1005, 1006, 1003, 1002, 1001];
        var counts = new double[K];
        var sums = new double[K * D];
        var lower = new double[K * D * D];
        MixtureMoments.AddRows(x, Rows, D, r, K, centres, counts, sums, lower, MixtureMoments.Second.LowerTriangle);
        var diagonal = new double[K * D];
        MixtureMoments.AddRows(x, Rows, D, r, K, centres, [], [], diagonal, MixtureMoments.Second.Diagonal);
        for (int c = 0; c < K; c++)
        {
            double count = 0;
            var sum = new double[D];
            var scatter = new double[D, D];
            for (int n = 0; n < Rows; n++)
            {
                double w = r[n * K + c];
                count += w;
                for (int a = 0; a < D; a++)
                {
                    double ra = x[n * D + a] - centres[c * D + a];
                    sum[a] += w * ra;
                    for (int b = 0; b < D; b++) scatter[a, b] += w * ra * (x[n * D + b] - centres[c * D + b]);
                }
            }
            Close(count, counts[c]);
            for (int a = 0; a < D; a++)
            {
                Close(sum[a], sums[c * D + a]);
                Close(scatter[a, a], diagonal[c * D + a]);
                for (int b = 0; b <= a; b++) Close(scatter[a, b], lower[c * D * D + a * D + b]);
                for (int b = a + 1; b < D; b++) Assert.Equal(0, lower[c * D * D + a * D + b]);
            }
        }
    }

    [Fact]
    public void Columns_with_a_stride_give_what_rows_give_about_the_origin_to_rounding_and_mirroring_fills_the_upper_triangle()
    {
        var (x, r) = Data();
        var columns = new double[Rows * D];
        for (int n = 0; n < Rows; n++)
            for (int j = 0; j < D; j++) columns[j * Rows + n] = x[n * D + j];
        int start = 5, rows = 20;
        var fromColumns = new double[K * D * D];
        var fromRows = new double[K * D * D];
        MixtureMoments.AddColumns(columns, Rows, start, rows, D, r.AsSpan(start * K, rows * K), K, [], [], [], fromColumns,
            MixtureMoments.Second.LowerTriangle);
        MixtureMoments.AddRows(x.AsSpan(start * D, rows * D), rows, D, r.AsSpan(start * K, rows * K), K, [], [], [], fromRows,
            MixtureMoments.Second.LowerTriangle);
        for (int i = 0; i < fromRows.Length; i++) Close(fromRows[i], fromColumns[i]);
        MixtureMoments.MirrorLowerTriangles(fromColumns, K, D);
        for (int c = 0; c < K; c++)
            for (int a = 0; a < D; a++)
                for (int b = 0; b < D; b++)
                    Assert.Equal(fromColumns[c * D * D + Math.Max(a, b) * D + Math.Min(a, b)], fromColumns[c * D * D + a * D + b]);
    }

    [Fact]
    public void Mismatched_lengths_are_refused_naming_what_was_expected()
    {
        var (x, r) = Data();
        var e = Assert.Throws<ArgumentException>(() =>
            MixtureMoments.AddRows(x, Rows, D, r.AsSpan(0, 10), K, [], new double[K], [], [], MixtureMoments.Second.None));
        Assert.Contains($"{Rows * K} responsibilities", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            MixtureMoments.AddRows(x, Rows, D, r, K, [1.0], [], [], new double[K * D], MixtureMoments.Second.Diagonal));
        Assert.Contains($"{K * D} values", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            MixtureMoments.AddColumns(x, Rows, 0, Rows, D, r.AsSpan(0, 10), K, [], new double[K], [], [], MixtureMoments.Second.None));
        Assert.Contains($"{Rows * K} responsibilities", e.Message);
    }
}
