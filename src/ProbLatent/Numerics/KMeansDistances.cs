using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// The squared distances k-means++ measures between a data set's rows and its centres, on both cores: each row's distance
/// to a row chosen as the next seed, and each row's nearest centre in a Lloyd step. Every row's result is computed the
/// same way whichever thread takes it, so the centres do not depend on the scheduling.
/// </summary>
internal abstract class KMeansDistances
{
    /// <summary>Rows per batch a thread claims: enough distances to outweigh the claim.</summary>
    protected const int Batch = 256;

    /// <summary>Sparse distances for binary rows under unit weights, otherwise the dense ones.</summary>
    public static KMeansDistances For(DataMatrix data, double[]? columnWeights) =>
        (columnWeights is null ? BinaryKMeansDistances.TryIndex(data) : null) ?? (KMeansDistances)new DenseKMeansDistances(data, columnWeights);

    /// <summary>nearest[i] = min(nearest[i], d(row i, row <paramref name="seed"/>)) for every row: the seeding's D² once that row is a centre.</summary>
    public abstract void Lower(int seed, double[] nearest);

    /// <summary>Puts each row on the nearest of the K×d <paramref name="centers"/> (the first of equals); whether any row moved.</summary>
    public abstract bool Assign(double[] centers, int k, int[] assignments);

    /// <summary>Runs <paramref name="body"/>(start, end) over batches of the rows on the calling thread and the worker; whether any returned true.</summary>
    protected static bool AnyOver(int rows, Func<int, int, bool> body)
    {
        int changed = 0;
        WorkerPair.For(rows, body, (state, start, end) =>
        {
            if (state(start, end)) Interlocked.Exchange(ref changed, 1);
        }, Batch);
        return changed != 0;
    }
}

/// <summary>Σⱼ wⱼ (aⱼ − bⱼ)² over every column, as k-means++ has always measured it.</summary>
internal sealed class DenseKMeansDistances(DataMatrix data, double[]? columnWeights) : KMeansDistances
{
    public override void Lower(int seed, double[] nearest) => AnyOver(data.Rows, (start, end) =>
    {
        var center = data.Row(seed);
        for (int i = start; i < end; i++) nearest[i] = Math.Min(nearest[i], SquaredDistance(data.Row(i), center, columnWeights));
        return false;
    });

    public override bool Assign(double[] centers, int k, int[] assignments) => AnyOver(data.Rows, (start, end) =>
    {
        bool changed = false;
        for (int i = start; i < end; i++)
        {
            int best = Nearest(data.Row(i), centers, k, columnWeights);
            if (assignments[i] != best) { assignments[i] = best; changed = true; }
        }
        return changed;
    });

    /// <summary>The centre of the K×d <paramref name="centers"/> nearest <paramref name="row"/> (the first of equals).</summary>
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

    /// <summary>
    /// <see cref="Nearest"/> over the cells of <paramref name="row"/> that are observed (not NaN): a missing cell is as near
    /// every centre, so it leaves the choice to the others.
    /// </summary>
    public static int NearestOverObserved(ReadOnlySpan<double> row, double[] centers, int k, double[]? columnWeights)
    {
        int d = row.Length, best = 0, count = 0;
        Span<int> observed = d <= 256 ? stackalloc int[d] : new int[d];
        for (int j = 0; j < d; j++)
            if (!double.IsNaN(row[j])) observed[count++] = j;
        observed = observed[..count];
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            double distance = 0;
            foreach (int j in observed)
            {
                double r = row[j] - centers[c * d + j];
                distance += (columnWeights?[j] ?? 1) * r * r;
            }
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

/// <summary>
/// Distances between binary rows and centres read only the rows' ones (<see cref="BinaryPattern"/>), so their work is the
/// ones times K rather than rows × d × K. Between two binary rows the distance is |a| + |b| − 2 |a ∧ b|, an exact integer;
/// to a centre c it is |x| + Σⱼ cⱼ² − 2 Σ over x's ones of cⱼ, whose |x| a row's nearest centre does not depend on, and
/// whose sum over the ones is the Bernoulli mixtures' E-step product (<see cref="BernoulliRows.LogLikelihoods"/>) with −2c
/// in place of the log-odds. Rounding apart (it differs from the dense sum's only where two centres are within a
/// rounding of a row), these are the dense distances.
/// </summary>
internal sealed class BinaryKMeansDistances : KMeansDistances
{
    [ThreadStatic] static double[]? t_distances;

    readonly DataMatrix _data;
    readonly BinaryPattern _ones;
    readonly double[] _seed;

    BinaryKMeansDistances(DataMatrix data, BinaryPattern ones)
    {
        (_data, _ones) = (data, ones);
        _seed = new double[data.Columns];
    }

    /// <summary>The sparse distances if every value of <paramref name="data"/> is 0 or 1, else null.</summary>
    public static BinaryKMeansDistances? TryIndex(DataMatrix data)
    {
        var ones = new BinaryPattern();
        return !data.HasMissing && ones.TryIndex(data.Values, data.Rows, data.Columns, maxDensity: 1) ? new BinaryKMeansDistances(data, ones) : null;
    }

    public override void Lower(int seed, double[] nearest)
    {
        _data.Row(seed).CopyTo(_seed);
        int seedOnes = _ones.OnesOfRow(seed).Length;
        AnyOver(_data.Rows, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var ones = _ones.OnesOfRow(i);
                double shared = 0;
                foreach (int j in ones) shared += _seed[j];
                nearest[i] = Math.Min(nearest[i], ones.Length + seedOnes - 2 * shared);
            }
            return false;
        });
    }

    public override bool Assign(double[] centers, int k, int[] assignments)
    {
        int d = _data.Columns;
        var byColumn = new double[d * k];
        var squares = new double[k];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
            {
                double value = centers[c * d + j];
                byColumn[j * k + c] = -2 * value;
                squares[c] += value * value;
            }
        return AnyOver(_data.Rows, (start, end) =>
        {
            int rows = end - start;
            if (t_distances is null || t_distances.Length < rows * k) t_distances = new double[rows * k];
            var distances = t_distances.AsSpan(0, rows * k);
            BernoulliRows.LogLikelihoods(BernoulliRows.Index(_data.Values.Slice(start * d, rows * d), rows, d, start), byColumn, squares, distances);
            bool changed = false;
            for (int n = 0; n < rows; n++)
            {
                var row = distances.Slice(n * k, k);
                int best = 0;
                for (int c = 1; c < k; c++) if (row[c] < row[best]) best = c;
                if (assignments[start + n] != best) { assignments[start + n] = best; changed = true; }
            }
            return changed;
        });
    }
}
