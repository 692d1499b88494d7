using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// k-means++ seeding (Arthur and Vassilvitskii, 2007) followed by a few Lloyd iterations: starting centres
/// for mixtures that spread over the data. Seeded, so the same Random gives the same centres.
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>The column weights 1/sⱼ² that measure distances in units of each column's standard deviation.</summary>
    public static double[] InUnitsOf(double[] variances) => variances.Select(v => 1 / v).ToArray();

    /// <summary>Returns K×d centres and, through <paramref name="assignments"/>, the nearest centre of each row.</summary>
    /// <param name="columnWeights">
    /// wⱼ in the squared distance Σⱼ wⱼ (aⱼ − bⱼ)²; null for 1. With wⱼ = 1/sⱼ², distances are in units of each column's
    /// standard deviation, and the centres of s·x + c are those of x mapped.
    /// </param>
    public static double[] Centers(DataMatrix data, int k, Random random, out int[] assignments, int lloydIterations = 10,
        double[]? columnWeights = null)
    {
        if (columnWeights is not null && columnWeights.Length != data.Columns)
            throw new ArgumentException($"{columnWeights.Length} column weights for {data.Columns} columns", nameof(columnWeights));
        int n = data.Rows, d = data.Columns;
        if (k > n) throw new DataException($"has {Counted.Of(n, "row")}, fewer than the {Counted.Of(k, "component")} asked for", data.Source);
        var distances = KMeansDistances.For(data, columnWeights);
        var centers = new double[k * d];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        int seed = random.Next(n);
        for (int c = 0; c < k; c++)
        {
            data.Row(seed).CopyTo(centers.AsSpan(c * d, d));
            if (c == k - 1) break;
            distances.Lower(seed, nearest);
            // Duplicate rows leave every distance zero: fall back to a uniform draw.
            seed = nearest.Any(v => v > 0) ? random.NextCategorical(nearest) : random.Next(n);
        }

        assignments = new int[n];
        var sums = new double[k * d];
        var counts = new int[k];
        for (int iteration = 0; iteration <= lloydIterations; iteration++)
        {
            bool changed = distances.Assign(centers, k, assignments);
            if ((!changed && iteration > 0) || iteration == lloydIterations) break;
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int c = assignments[i];
                counts[c]++;
                var row = data.Row(i);
                for (int j = 0; j < d; j++) sums[c * d + j] += row[j];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0) // an empty cluster keeps its centre
                    for (int j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j] / counts[c];
        }
        return centers;
    }
}
