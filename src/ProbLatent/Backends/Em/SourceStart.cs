using ProbLatent.Data;

namespace ProbLatent.Backends.Em;

/// <summary>
/// What a fit over a data source reads before it iterates: the row count, the rows its start is drawn from — every row of a
/// source of at most the stated number, else a seeded uniform sample of that many (a reservoir, Vitter's algorithm R, drawn
/// in the same pass) — and, for a source too large to hold, each column's mean and variance in a second pass. Every block is
/// checked as it is read, so a bad value is named by its file, row group and row before any fitting.
/// </summary>
internal sealed class SourceStart
{
    SourceStart(int rows, DataMatrix start, double[]? variances)
    {
        Rows = rows;
        Start = start;
        Variances = variances;
    }

    public int Rows { get; }

    /// <summary>The rows the start is drawn from, in the source's order when they are all of them.</summary>
    public DataMatrix Start { get; }

    /// <summary>True when <see cref="Start"/> is every row, so the start, the ridge and the checks are an in-memory fit's.</summary>
    public bool HoldsAll => Start.Rows == Rows;

    /// <summary>Each column's maximum-likelihood variance over every row, for a source not held whole under a Gaussian likelihood; else null.</summary>
    public double[]? Variances { get; }

    /// <summary>Who refuses missing cells in a source read in blocks, and what fits them instead.</summary>
    public const string MissingRefuser = "EM over a data source read in blocks (read it into memory: EM there marginalises missing cells)";

    /// <param name="binary">The likelihood is Bernoulli: check values are 0 or 1 (else that they are within a Gaussian fit's range).</param>
    public static SourceStart Read(DataSource source, bool binary, int startRows, int seed, CancellationToken cancellation)
    {
        int d = source.Columns;
        var held = new List<double>();
        var sample = new Random(seed);
        var means = new double[d];
        long count = 0;
        foreach (var block in source.Blocks(cancellation))
        {
            var data = block.Data;
            data.RefuseMissing(MissingRefuser);
            if (binary) data.CheckBinary();
            else data.CheckGaussianEvaluation();
            for (int n = 0; n < data.Rows; n++, count++)
            {
                var row = data.Row(n);
                for (int j = 0; j < d; j++) means[j] += row[j];
                if (count < startRows) held.AddRange(row);
                else if (sample.NextInt64(count + 1) is var slot && slot < startRows) row.CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(held).Slice((int)slot * d, d));
            }
        }
        if (count == 0) throw new DataException("the data set is empty (no rows)", source.Name);
        if (count > int.MaxValue) throw new DataException($"has {count:N0} rows, more than the {int.MaxValue:N0} one fit counts", source.Name);
        int rows = (int)count;
        var start = new DataMatrix(held.ToArray(), held.Count / d, d, source.GivenColumnNames, rows <= startRows ? source.Name : $"a sample of {source.Name}");
        if (binary || rows <= startRows) return new SourceStart(rows, start, null);
        for (int j = 0; j < d; j++) means[j] /= rows;
        return new SourceStart(rows, start, ColumnVariances(source, means, cancellation));
    }

    /// <summary>The maximum-likelihood variances about <paramref name="means"/>, summed row by row in order as an in-memory fit's are; a constant column is refused.</summary>
    static double[] ColumnVariances(DataSource source, double[] means, CancellationToken cancellation)
    {
        int d = means.Length;
        var variances = new double[d];
        long rows = 0;
        foreach (var block in source.Blocks(cancellation))
            for (int n = 0; n < block.Data.Rows; n++, rows++)
            {
                var row = block.Data.Row(n);
                for (int j = 0; j < d; j++)
                {
                    double deviation = row[j] - means[j];
                    variances[j] += deviation * deviation;
                }
            }
        for (int j = 0; j < d; j++)
        {
            variances[j] /= rows;
            if (variances[j] == 0)
                throw new DataException($"the column is constant ({means[j]}); a Gaussian likelihood needs variation in every column: drop it",
                    source.Name, row: null, column: j, line: null, source.ColumnNames[j]);
        }
        return variances;
    }
}
