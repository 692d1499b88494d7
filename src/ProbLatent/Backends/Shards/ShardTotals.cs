namespace ProbLatent.Backends.Shards;

/// <summary>The shards' totals of a pass added element by element in shard order, the first shard's first.</summary>
internal static class ShardTotals
{
    public static double[] Sum(IReadOnlyList<double[]> shards)
    {
        var total = shards[0].ToArray();
        for (int s = 1; s < shards.Count; s++)
        {
            if (shards[s].Length != total.Length)
                throw new InvalidDataException($"shard {s + 1} answered {shards[s].Length} totals where shard 1 answered {total.Length}");
            for (int i = 0; i < total.Length; i++) total[i] += shards[s][i];
        }
        return total;
    }
}
