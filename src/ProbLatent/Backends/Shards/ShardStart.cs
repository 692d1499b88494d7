using ProbLatent.Data;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// The start of a fit over shards, as <see cref="SourceStart"/> reads one source, but from answers that do not depend on
/// which machine holds a shard or when it answers: a first pass gives each shard's rows and column sums, whose sum in shard
/// order gives the means; a second gives each shard's share of the sample (all its rows when the shards together hold at most
/// the start's rows, so the start is then the in-memory fit's over the shards' rows in shard order) and, beyond that, its
/// squared deviations about those means, whose sum in shard order gives the ridge's column variances.
/// </summary>
internal static class ShardStart
{
    /// <param name="covariance">Also take the covariance matrix beyond the start's rows (a full-covariance VMP mixture's priors are stated in it).</param>
    /// <param name="shardRows">Each shard's rows, in shard order.</param>
    public static SourceStart Read(IShardExecutor shards, bool binary, int startRows, int seed, CancellationToken cancellation, bool covariance,
        out long[] shardRows)
    {
        var summaries = shards.Describe(binary, cancellation);
        shardRows = summaries.Select(s => s.Rows).ToArray();
        int d = shards.ColumnNames.Count;
        long count = 0;
        var means = new double[d];
        foreach (var summary in summaries)
        {
            count += summary.Rows;
            for (int j = 0; j < d; j++) means[j] += summary.ColumnSums[j];
        }
        if (count == 0) throw new DataException("the data set is empty (no rows)", shards.Name);
        if (count > int.MaxValue) throw new DataException($"has {count:N0} rows, more than the {int.MaxValue:N0} one fit counts", shards.Name);
        int rows = (int)count;
        bool holdsAll = rows <= startRows;
        for (int j = 0; j < d; j++) means[j] /= rows;
        bool deviations = !binary && !holdsAll;
        var quotas = Quotas(summaries.Select(s => s.Rows).ToArray(), rows, startRows);
        var requests = quotas.Select((quota, shard) => new ShardSampleRequest(quota, unchecked(seed * 31 + shard), deviations ? means : null, covariance)).ToArray();
        var samples = shards.Sample(requests, cancellation);
        for (int s = 0; s < samples.Count; s++)
            if (samples[s].RowsRead != shardRows[s])
                throw SourceStart.ChangedBetweenPasses($"shard {s + 1} of {shards.Name}", shardRows[s], samples[s].RowsRead);
        var held = new List<double>();
        var squared = new double[d];
        var cross = deviations && covariance ? new double[d * d] : null;
        foreach (var sample in samples)
        {
            held.AddRange(sample.Rows);
            if (deviations) for (int j = 0; j < d; j++) squared[j] += sample.SquaredDeviations[j];
            if (cross is not null) for (int i = 0; i < cross.Length; i++) cross[i] += sample.CrossProducts[i];
        }
        var names = shards.HasColumnNames ? shards.ColumnNames : null;
        var start = new DataMatrix(held.ToArray(), held.Count / d, d, names, holdsAll ? shards.Name : $"a sample of {shards.Name}");
        if (!deviations) return SourceStart.Of(rows, start, null, null);
        if (cross is not null)
            for (int a = 0; a < d; a++)
                for (int b = 0; b <= a; b++) cross[b * d + a] = cross[a * d + b] /= rows;
        return SourceStart.Of(rows, start, means, SourceStart.VariancesOf(squared, rows, means, shards.Name, shards.ColumnNames), cross);
    }

    /// <summary>
    /// Each shard's share of <paramref name="startRows"/> in proportion to its rows (the largest remainders, first in shard order
    /// on a tie, take the rows the floors leave), or every row of each when there are at most that many.
    /// </summary>
    internal static int[] Quotas(long[] shardRows, long rows, int startRows)
    {
        if (rows <= startRows) return shardRows.Select(n => (int)n).ToArray();
        var quotas = new int[shardRows.Length];
        var remainders = new (long Remainder, int Shard)[shardRows.Length];
        long given = 0;
        for (int s = 0; s < shardRows.Length; s++)
        {
            long share = Math.DivRem(shardRows[s] * startRows, rows, out long remainder);
            quotas[s] = (int)share;
            given += share;
            remainders[s] = (remainder, s);
        }
        foreach (var (_, shard) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Shard).Take((int)(startRows - given))) quotas[shard]++;
        return quotas;
    }
}
