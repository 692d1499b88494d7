using ProbLatent.Data;

namespace ProbLatent.Backends;

/// <summary>
/// What a fit over a data source reads before it iterates: the row count, the rows its start is drawn from — every row of a
/// source of at most the stated number, else a seeded uniform sample of that many (a reservoir, Vitter's algorithm R, drawn
/// in the same pass) — and, for a source too large to hold, each column's mean and variance (and, when asked, the covariance)
/// in a second pass. Every block is checked as it is read, so a bad value is named by its file, row group and row before
/// any fitting. EM and VMP start their fits over a source from it.
/// </summary>
internal sealed class SourceStart
{
    /// <summary>The rows a fit over a source starts from, at most: 100,000, a few megabytes for a few columns.</summary>
    public const int DefaultRows = 100_000;

    SourceStart(int rows, DataMatrix start, double[]? means, double[]? variances, double[]? covariance, bool hasMissing = false)
    {
        HasMissing = hasMissing;
        Rows = rows;
        Start = start;
        Means = means;
        Variances = variances;
        Covariance = covariance;
    }

    public int Rows { get; }

    /// <summary>Whether some row of the source misses a cell, though the start's rows (a sample) may hold none.</summary>
    public bool HasMissing { get; }

    /// <summary>The rows the start is drawn from, in the source's order when they are all of them.</summary>
    public DataMatrix Start { get; }

    /// <summary>True when <see cref="Start"/> is every row, so the start, the ridge and the checks are an in-memory fit's.</summary>
    public bool HoldsAll => Start.Rows == Rows;

    /// <summary>Each column's maximum-likelihood variance over every row, for a source not held whole under a Gaussian likelihood; else null.</summary>
    public double[]? Variances { get; }

    /// <summary>Who refuses missing cells in a source read in blocks, and what fits them instead.</summary>
    public const string MissingRefuser = "a fit over a data source read in blocks other than EM's for a Gaussian or Bernoulli mixture and VMP's for a Bernoulli mixture (read it into memory: EM there marginalises missing cells, and VMP for Gaussian and Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers)";

    /// <summary>Each column's mean over every row, when <see cref="Variances"/> are given; else null.</summary>
    public double[]? Means { get; }

    /// <summary>The maximum-likelihood covariance over every row (d×d), when asked for and <see cref="Variances"/> are given; else null.</summary>
    public double[]? Covariance { get; }

    /// <param name="binary">The likelihood is Bernoulli: check values are 0 or 1 (else that they are within a Gaussian fit's range).</param>
    /// <param name="covariance">Also take the covariance matrix in the second pass (a full-covariance VMP mixture's priors are stated in it).</param>
    /// <param name="missing">The fit marginalises missing cells: keep them (NaN) in the start's rows, and take each column's mean
    /// and variance over its observed cells, as an in-memory start does; else refuse them.</param>
    public static SourceStart Read(DataSource source, bool binary, int startRows, int seed, CancellationToken cancellation, bool covariance = false,
        bool missing = false)
    {
        int d = source.Columns;
        var held = new List<double>();
        var sample = new Random(seed);
        var means = new double[d];
        var observed = new long[d];
        bool anyMissing = false;
        long count = 0;
        foreach (var block in source.Blocks(cancellation))
        {
            var data = block.Data;
            if (!missing) data.RefuseMissing(MissingRefuser);
            Check(data, binary);
            anyMissing |= data.HasMissing;
            for (int n = 0; n < data.Rows; n++, count++)
            {
                var row = data.Row(n);
                for (int j = 0; j < d; j++)
                    if (!double.IsNaN(row[j]))
                    {
                        means[j] += row[j];
                        observed[j]++;
                    }
                if (count < startRows) held.AddRange(row);
                else if (sample.NextInt64(count + 1) is var slot && slot < startRows) row.CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(held).Slice((int)slot * d, d));
            }
        }
        if (count == 0) throw new DataException("the data set is empty (no rows)", source.Name);
        if (count > int.MaxValue) throw new DataException($"has {count:N0} rows, more than the {int.MaxValue:N0} one fit counts", source.Name);
        int rows = (int)count;
        var start = new DataMatrix(held.ToArray(), held.Count / d, d, source.GivenColumnNames, rows <= startRows ? source.Name : $"a sample of {source.Name}",
            anyMissing ? MissingValues.AtRandom : MissingValues.Refused);
        if (rows <= startRows) return new SourceStart(rows, start, null, null, null, anyMissing);
        for (int j = 0; j < d; j++)
            if (observed[j] == 0)
                throw new DataException("has no observed cell in the column: drop it", source.Name, row: null, column: j, line: null, source.ColumnNames[j]);
        if (binary) return new SourceStart(rows, start, null, null, null, anyMissing);
        for (int j = 0; j < d; j++) means[j] /= observed[j];
        var matrix = covariance ? new double[d * d] : null;
        var variances = ColumnVariances(source, rows, means, observed, matrix, cancellation);
        return new SourceStart(rows, start, means, variances, matrix, anyMissing);
    }

    /// <summary>Refuses a value outside what the likelihood reads (0 or 1; a Gaussian fit's range); the caller refuses missing cells where its fit does.</summary>
    public static void Check(DataMatrix data, bool binary)
    {
        if (binary) data.CheckBinary();
        else data.CheckGaussianEvaluation();
    }

    /// <summary>A start gathered elsewhere (from shards, <see cref="Shards.ShardStart"/>).</summary>
    public static SourceStart Of(int rows, DataMatrix start, double[]? means, double[]? variances, double[]? covariance = null) =>
        new(rows, start, means, variances, covariance);

    /// <summary>
    /// The maximum-likelihood variances about <paramref name="means"/>, summed row by row in order as an in-memory fit's are,
    /// and, into <paramref name="covariance"/> when given, the covariance matrix; a constant column is refused. A missing cell
    /// is skipped, each column's variance taken over its <paramref name="observed"/> cells (a fit that refuses missing cells
    /// never gets here with one). The pass must read the <paramref name="firstPassRows"/> rows the means were taken over.
    /// </summary>
    static double[] ColumnVariances(DataSource source, long firstPassRows, double[] means, long[] observed, double[]? covariance, CancellationToken cancellation)
    {
        int d = means.Length;
        var variances = new double[d];
        var deviations = new double[d];
        long rows = 0;
        foreach (var block in source.Blocks(cancellation))
            for (int n = 0; n < block.Data.Rows; n++, rows++)
            {
                var row = block.Data.Row(n);
                for (int j = 0; j < d; j++)
                {
                    double deviation = deviations[j] = row[j] - means[j];
                    if (!double.IsNaN(deviation)) variances[j] += deviation * deviation;
                }
                if (covariance is null) continue;
                for (int a = 0; a < d; a++)
                    for (int b = 0; b <= a; b++) covariance[a * d + b] += deviations[a] * deviations[b];
            }
        if (rows != firstPassRows) throw ChangedBetweenPasses(source.Name, firstPassRows, rows);
        if (covariance is not null)
            for (int a = 0; a < d; a++)
                for (int b = 0; b <= a; b++) covariance[b * d + a] = covariance[a * d + b] /= rows;
        if (observed.Any(o => o != rows))
            for (int j = 0; j < d; j++) variances[j] *= (double)rows / observed[j];
        return VariancesOf(variances, rows, means, source.Name, source.ColumnNames);
    }

    /// <summary>The start's second pass read <paramref name="second"/> rows where its first read <paramref name="first"/>.</summary>
    public static DataException ChangedBetweenPasses(string name, long first, long second) =>
        DataException.RowsChanged(name, first, second, "on the start's first pass", "on its second");

    /// <summary>Σₙ (xₙⱼ − mⱼ)² over <paramref name="rows"/> rows as the variances (divided in place), a constant column refused naming <paramref name="name"/>.</summary>
    public static double[] VariancesOf(double[] squaredDeviations, long rows, double[] means, string name, IReadOnlyList<string> columnNames)
    {
        for (int j = 0; j < squaredDeviations.Length; j++)
        {
            squaredDeviations[j] /= rows;
            if (squaredDeviations[j] == 0)
                throw new DataException($"the column is constant ({means[j]}); a Gaussian likelihood needs variation in every column: drop it",
                    name, row: null, column: j, line: null, columnNames[j]);
        }
        return squaredDeviations;
    }
}
