using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.Distributed;
using ProbLatent.Modeling;
using ProbLatent.Tests.Backends.Shards;
using static ProbLatent.Tests.Distributed.ClusterFitTests;

namespace ProbLatent.Tests.Distributed;

/// <summary>
/// A factor analyser by EM and by VMP over six shards on workers on 127.0.0.1: the start's two passes (each shard's rows and
/// Σₙ xₙ, then its Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ) are all it asks of them, and the fit is the one over the same shards on threads, and
/// the in-memory fit within 1e-12; a worker killed in the second pass is replaced by another that holds its shards.
/// </summary>
public class ClusterLinearGaussianTests
{
    static DataSource[] SixShards() => ShardedEmTests.Shards(ShardedLinearGaussianTests.Rows(600), 6);

    static CompiledModel FactorAnalysis(string backend)
    {
        IBackend engine = backend == "vmp" ? new VmpBackend(new VmpOptions(Restarts: 1, Seed: 4, StartRows: 50)) : new EmBackend(new EmOptions(Restarts: 1, Seed: 4, StartRows: 50));
        return engine.Compile(ShardedLinearGaussianTests.Linear(Covariance.Diagonal));
    }

    /// <summary>The fit over the same shards on this machine's threads.</summary>
    static FitResult OnThreads(string backend, DataSource[] shards) => FactorAnalysis(backend) switch
    {
        VmpCompiledModel vmp => vmp.FitShards(new LocalShards(shards)),
        var em => ((EmCompiledModel)em).FitShards(new LocalShards(shards)),
    };

    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public async Task SixShardsOnThreeWorkersGiveTheFitOverTheSameShardsOnOneMachine(string backend)
    {
        var shards = SixShards();
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..2]);
        await using var b = ShardWorker.Start("127.0.0.1", 0, shards[2..4]);
        await using var c = ShardWorker.Start("127.0.0.1", 0, shards[4..]);
        var cluster = await ClusterFit.Fit(FactorAnalysis(backend), [c.Address, a.Address, b.Address], Quick);
        var local = OnThreads(backend, shards);
        // The same sums in the same order: the local fit's numbers to the bit.
        Assert.Equal(local.Trace, cluster.Trace);
        Assert.Equal(local.Elbo, cluster.Elbo);
        ShardedLinearGaussianTests.SameLinear(local, cluster, 0);
        ShardedLinearGaussianTests.SameLinear(FactorAnalysis(backend).Fit(ShardedLinearGaussianTests.Rows(600)), cluster, 1e-12);
    }

    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public async Task AWorkerKilledInTheCovariancePassIsReplacedByAnotherThatHoldsItsShards(string backend)
    {
        var shards = SixShards();
        ShardWorker? b = null;
        var killer = new KillingShard(shards[4], pass: 2, () => b!.Stop());
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        b = ShardWorker.Start("127.0.0.1", 0, [shards[3], killer, shards[5]]);
        await using var c = ShardWorker.Start("127.0.0.1", 0, shards[3..]);
        var cluster = await ClusterFit.Fit(FactorAnalysis(backend), [a.Address, b.Address, c.Address], Killing);
        Assert.True(killer.Killed);
        ShardedLinearGaussianTests.SameLinear(OnThreads(backend, shards), cluster, 0);
    }
}
