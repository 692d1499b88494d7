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
        var centers = new double[k * d];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        int first = random.Next(n);
        data.Row(first).CopyTo(centers.AsSpan(0, d));
        for (int c = 1; c <= k; c++)
        {
            var center = centers.AsSpan((c - 1) * d, d);
            for (int i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], SquaredDistance(data.Row(i), center, columnWeights));
            if (c == k) break;
            // Duplicate rows leave every distance zero: fall back to a uniform draw.
            int next = nearest.Any(v => v > 0) ? random.NextCategorical(nearest) : random.Next(n);
            data.Row(next).CopyTo(centers.AsSpan(c * d, d));
        }

        assignments = new int[n];
        var sums = new double[k * d];
        var counts = new int[k];
        for (int iteration = 0; iteration <= lloydIterations; iteration++)
        {
            bool changed = Assign(data, centers, k, assignments, columnWeights);
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

    static bool Assign(DataMatrix data, double[] centers, int k, int[] assignments, double[]? columnWeights)
    {
        int d = data.Columns;
        bool changed = false;
        for (int i = 0; i < data.Rows; i++)
        {
            int best = Nearest(data.Row(i), centers, k, columnWeights);
            if (assignments[i] != best) { assignments[i] = best; changed = true; }
        }
        return changed;
    }

    /// <summary>The centre of the K×d <paramref name="centers"/> nearest <paramref name="row"/> (the first of equals), as the Lloyd steps assign it.</summary>
    public static int Nearest(ReadOnlySpan<double> row, double[] centers, int k, double[]? columnWeights)
    {
        int d = row.Length, best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            double distance = SquaredDistance(row, centers.AsSpan(c * d, d), columnWeights);
            if (distance < bestDistance) { bestDistance = distance; best = c; }
        }
        return best;
    }

    static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double[]? weights)
    {
        if (weights is not null)
        {
            double sum = 0;
            for (int j = 0; j < a.Length; j++) sum += weights[j] * (a[j] - b[j]) * (a[j] - b[j]);
            return sum;
        }
        double distance = System.Numerics.Tensors.TensorPrimitives.Distance(a, b);
        return distance * distance;
    }
}
