using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>
/// EM over shards (<c>EmCompiledModel.FitShards</c>): the statistics of each shard summed in shard order, the start
/// from the shards' answers. Shards that together hold at most the start's rows give the in-memory fit over their rows,
/// within 1e-12 relative (the order the shards' sums are added is the only difference).
/// </summary>
public class ShardedEmTests
{
    /// <summary>The rows of <paramref name="data"/> cut into <paramref name="count"/> consecutive shards, held in memory, named shard-0…</summary>
    internal static DataSource[] Shards(DataMatrix data, int count) =>
        Enumerable.Range(0, count).Select(s =>
        {
            int first = s * data.Rows / count, end = (s + 1) * data.Rows / count;
            return (DataSource)new NamedShard(data.SelectRows(Enumerable.Range(first, end - first).ToArray()), $"shard-{s}");
        }).ToArray();

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void SixShardsOnThreadsGiveTheInMemoryFit(Covariance covariance)
    {
        var data = Examples.OldFaithful();
        var compiled = Gaussian(3, covariance).Compile(Inference.Em(restarts: 3, seed: 4));
        var memory = compiled.Fit(data);
        var sharded = ((EmCompiledModel)compiled).FitShards(new LocalShards(Shards(data, 6)));
        Same(memory, sharded, (a, b, what) => Close(a, b, what, 1e-12));
    }

    [Fact]
    public void ShardsLargerThanTheStartDrawTheSameSampleEveryTimeAndClimb()
    {
        var data = Examples.OldFaithful();
        var sampled = (EmCompiledModel)new EmBackend(new EmOptions(Restarts: 2, Seed: 2, StartRows: 40)).Compile(Gaussian(2, Covariance.Full));
        var first = sampled.FitShards(new LocalShards(Shards(data, 6)));
        var again = sampled.FitShards(new LocalShards(Shards(data, 6)));
        Assert.Equal(first.Trace, again.Trace);
        Assert.Equal(272, first.DataCount);
        for (int t = 1; t < first.Trace.Count; t++) Assert.True(first.Trace[t] >= first.Trace[t - 1] - 1e-9, $"EM decreased at {t}");
    }

    [Fact]
    public void TheStartsQuotasShareItsRowsInProportionTheRemaindersInShardOrder()
    {
        Assert.Equal([3, 3, 4], ShardStart.Quotas([10, 10, 12], 32, 10));
        Assert.Equal([1, 1, 1], ShardStart.Quotas([5, 5, 5], 15, 3));
        Assert.Equal([4, 0], ShardStart.Quotas([4, 0], 4, 10));
    }

    [Fact]
    public void ABernoulliMixtureOverShardsIsTheInMemoryOne()
    {
        using var folder = new TempFolder();
        var data = BitsCsv(folder);
        var compiled = Bernoulli(2, data.Columns).Compile(Inference.Em(restarts: 2, seed: 1, regularization: 1e-3));
        Same(compiled.Fit(data), ((EmCompiledModel)compiled).FitShards(new LocalShards(Shards(data, 4))), (a, b, what) => Close(a, b, what, 1e-12));
    }

    [Fact]
    public void ShardsOfOtherColumnsAreRefusedNamingBoth()
    {
        var a = new NamedShard(Examples.OldFaithful(), "a");
        var b = new NamedShard(new DataMatrix([1.0, 2, 3], 3, 1, ["eruptions"], "one column"), "b");
        var refused = Assert.Throws<DataException>(() => new LocalShards([a, b]));
        Assert.Contains("b", refused.Message);
        Assert.Contains("but a has (eruptions, waiting)", refused.Message);
    }

    /// <summary>Rows in memory read as one block under a name of their own.</summary>
    internal sealed class NamedShard(DataMatrix data, string name) : DelegatingSource(InMemory(data))
    {
        public override string Name => name;
    }
}
