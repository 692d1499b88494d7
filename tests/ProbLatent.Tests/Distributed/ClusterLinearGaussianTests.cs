using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.Distributed;
using ProbLatent.Modeling;
using ProbLatent.Tests.Backends.Shards;
using static ProbLatent.Tests.Distributed.ClusterFitTests;

namespace ProbLatent.Tests.Distributed;

/// <summary>
/// A factor analyser by EM over six shards on workers on 127.0.0.1: the start's two passes (each shard's rows and Σₙ xₙ, then
/// its Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ) are all it asks of them, and the fit is the one over the same shards on threads, and the in-memory
/// fit within 1e-12; a worker killed in the second pass is replaced by another that holds its shards.
/// </summary>
public class ClusterLinearGaussianTests
{
    static DataSource[] SixShards() => ShardedEmTests.Shards(ShardedLinearGaussianTests.Rows(600), 6);

    static EmCompiledModel FactorAnalysis() =>
        (EmCompiledModel)new EmBackend(new EmOptions(Restarts: 1, Seed: 4, StartRows: 50)).Compile(ShardedLinearGaussianTests.Linear(Covariance.Diagonal));

    [Fact]
    public async Task SixShardsOnThreeWorkersGiveTheFitOverTheSameShardsOnOneMachine()
    {
        var shards = SixShards();
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..2]);
        await using var b = ShardWorker.Start("127.0.0.1", 0, shards[2..4]);
        await using var c = ShardWorker.Start("127.0.0.1", 0, shards[4..]);
        var cluster = await ClusterFit.Fit(FactorAnalysis(), [c.Address, a.Address, b.Address], Quick);
        var local = FactorAnalysis().FitShards(new LocalShards(shards));
        // The same sums in the same order: the local fit's numbers to the bit.
        Assert.Equal(local.Trace, cluster.Trace);
        Assert.Equal(local.Elbo, cluster.Elbo);
        ShardedLinearGaussianTests.SameLinear(local, cluster, 0);
        ShardedLinearGaussianTests.SameLinear(FactorAnalysis().Fit(ShardedLinearGaussianTests.Rows(600)), cluster, 1e-12);
    }

    [Fact]
    public async Task AWorkerKilledInTheCovariancePassIsReplacedByAnotherThatHoldsItsShards()
    {
        var shards = SixShards();
        ShardWorker? b = null;
        var killer = new KillingShard(shards[4], pass: 2, () => b!.Stop());
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        b = ShardWorker.Start("127.0.0.1", 0, [shards[3], killer, shards[5]]);
        await using var c = ShardWorker.Start("127.0.0.1", 0, shards[3..]);
        var cluster = await ClusterFit.Fit(FactorAnalysis(), [a.Address, b.Address, c.Address], Killing);
        Assert.True(killer.Killed);
        ShardedLinearGaussianTests.SameLinear(FactorAnalysis().FitShards(new LocalShards(shards)), cluster, 0);
    }
}
