using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.Distributed;
using ProbLatent.Modeling;
using ProbLatent.Tests.Backends.Shards;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Distributed;

/// <summary>
/// A coordinator and workers, each an actor system in this process talking over TCP on 127.0.0.1 (ports the system chose
/// free): a fit over six shards on two workers is the fit over the same shards on this machine's threads, a worker killed in
/// a sweep is replaced by another that holds its shards or the fit stops naming it and them, and a worker of another version
/// or other columns is refused by name. Every wait is bounded by the options' time-outs.
/// </summary>
public class ClusterFitTests
{
    // A worker that answers is never taken as lost however loaded the machine running the suite: the time-out is long.
    internal static readonly ClusterOptions Quick = new(ConnectTimeout: TimeSpan.FromSeconds(30), AnswerTimeout: TimeSpan.FromSeconds(60));

    // Where a worker is killed the time-out is how long the sweep waits for it: short, yet long enough that a live worker
    // starved of threads by the tests running beside this one still answers within it.
    internal static readonly ClusterOptions Killing = Quick with { AnswerTimeout = TimeSpan.FromSeconds(6) };

    static DataSource[] SixShards() => ShardedEmTests.Shards(Examples.OldFaithful(), 6);

    static CompiledModel Compiled(Covariance covariance = Covariance.Full) => Gaussian(3, covariance).Compile(Inference.Em(restarts: 2, seed: 4));

    /// <summary>The fit over <paramref name="shards"/> on this machine's threads, by EM or VMP as <paramref name="compiled"/> fits.</summary>
    static FitResult Local(CompiledModel compiled, DataSource[] shards) => compiled switch
    {
        EmCompiledModel em => em.FitShards(new LocalShards(shards)),
        VmpCompiledModel vmp => vmp.FitShards(new LocalShards(shards)),
        _ => throw new ArgumentException($"{compiled.GetType().Name} fits no shards"),
    };

    static void Equal(FitResult local, FitResult cluster)
    {
        // The same sums in the same order: the numbers are the local fit's to the bit, well within the 1e-12 asked.
        Assert.Equal(local.Trace, cluster.Trace);
        Assert.Equal(local.LogLikelihood, cluster.LogLikelihood);
        Assert.Equal(local.Elbo, cluster.Elbo);
        Assert.Equal(((ProbLatent.LatentModels.GaussianMixture)local.Parameters).MeansFlat.ToArray(),
            ((ProbLatent.LatentModels.GaussianMixture)cluster.Parameters).MeansFlat.ToArray());
    }

    /// <summary>
    /// The six shards on <paramref name="workers"/> workers, each holding a run of them, the last worker listed first: the
    /// shards are summed in their own order, not the workers'. The fit is the one over the same shards on threads, every
    /// sweep answered by all the workers, and the in-memory fit within 1e-12.
    /// </summary>
    static async Task OnWorkersIsTheFitOnThreads(Func<CompiledModel> compiled, int workers)
    {
        var shards = SixShards();
        var started = new List<ShardWorker>();
        try
        {
            for (int w = 0; w < workers; w++)
                started.Add(ShardWorker.Start("127.0.0.1", 0, shards[(w * shards.Length / workers)..((w + 1) * shards.Length / workers)]));
            var answered = new List<IReadOnlyList<string>>();
            var listed = started.Skip(workers - 1).Concat(started.Take(workers - 1)).Select(w => w.Address).ToArray();
            var cluster = await ClusterFit.Fit(compiled(), listed, Quick, answered: answered.Add);
            Equal(Local(compiled(), shards), cluster);
            Assert.All(answered, who => Assert.Equal(workers, who.Count));
            Assert.All(answered, who => Assert.Equal(listed.Order(StringComparer.Ordinal), who));
            Same(compiled().Fit(Examples.OldFaithful()), cluster, (x, y, what) => Close(x, y, what, 1e-12));
        }
        finally
        {
            foreach (var worker in started) await worker.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public Task SixShardsOnTwoWorkersGiveTheFitOverTheSameShardsOnOneMachine(Covariance covariance) =>
        OnWorkersIsTheFitOnThreads(() => Compiled(covariance), workers: 2);

    static VmpCompiledModel Bayesian(Covariance covariance = Covariance.Full) =>
        (VmpCompiledModel)Gaussian(3, covariance).Compile(Inference.Vmp(restarts: 2, seed: 4));

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public Task VmpOverSixShardsOnThreeWorkersGivesTheFitOverTheSameShardsOnOneMachine(Covariance covariance) =>
        OnWorkersIsTheFitOnThreads(() => Bayesian(covariance), workers: 3);

    /// <summary>EM's sweeps, or VMP's plate passes: the killed worker's shards are asked again of another, and the fit is the one on threads.</summary>
    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public async Task AWorkerKilledInASweepIsReplacedByAnotherThatHoldsItsShards(string backend)
    {
        var shards = SixShards();
        ShardWorker? b = null;
        var killer = new KillingShard(shards[4], pass: 6, () => b!.Stop());
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        b = ShardWorker.Start("127.0.0.1", 0, [shards[3], killer, shards[5]]);
        await using var c = ShardWorker.Start("127.0.0.1", 0, shards[3..]);
        var answered = new List<IReadOnlyList<string>>();
        var cluster = await ClusterFit.Fit(backend == "em" ? Compiled() : Bayesian(), [a.Address, b.Address, c.Address], Killing, answered: answered.Add);
        Assert.True(killer.Killed);
        Equal(Local(backend == "em" ? Compiled() : Bayesian(), shards), cluster);
        Assert.Contains(answered, who => who.Contains(c.Address));
        Assert.Contains(b.Address, answered[0]);
        Assert.DoesNotContain(b.Address, answered[^1]);
    }

    [Fact]
    public async Task AWorkerKilledInASweepWhoseShardsNoOtherHoldsStopsTheFitNamingItAndThem()
    {
        var shards = SixShards();
        ShardWorker? b = null;
        var killer = new KillingShard(shards[4], pass: 6, () => b!.Stop());
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        b = ShardWorker.Start("127.0.0.1", 0, [shards[3], killer, shards[5]]);
        var lost = await Assert.ThrowsAsync<ShardsLostException>(() => ClusterFit.Fit(Compiled(), [a.Address, b.Address], Killing));
        Assert.Equal([b.Address], lost.Workers);
        Assert.Contains("shard-4", lost.Shards);
        Assert.Contains(b.Address, lost.Message);
        Assert.Contains("shard-4", lost.Message);
        Assert.Contains("rather than leave their rows out", lost.Message);
    }

    [Fact]
    public async Task AWorkerOfAnotherVersionIsRefusedNamingItAndBothVersions()
    {
        var shards = SixShards();
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        await using var old = ShardWorker.Start("127.0.0.1", 0, shards[3..], "ProbLatent.Distributed protocol 0, ProbLatent 0.0.1");
        var refused = await Assert.ThrowsAsync<WorkerRefusedException>(() => ClusterFit.Fit(Compiled(), [a.Address, old.Address], Quick));
        Assert.Contains($"worker {old.Address} refused the fit", refused.Message);
        Assert.Contains("protocol 0, ProbLatent 0.0.1", refused.Message);
        Assert.Contains("the coordinator runs ProbLatent.Distributed protocol 3", refused.Message);
    }

    [Fact]
    public async Task AWorkerWhoseShardsHaveOtherColumnsIsRefusedNamingIt()
    {
        var shards = SixShards();
        var narrow = new ShardedEmTests.NamedShard(new DataMatrix([1.0, 2, 3], 3, 1, ["eruptions"], "one column"), "narrow");
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards);
        await using var b = ShardWorker.Start("127.0.0.1", 0, [narrow]);
        var refused = await Assert.ThrowsAsync<WorkerRefusedException>(() => ClusterFit.Fit(Compiled(), [a.Address, b.Address], Quick));
        Assert.Contains($"worker {b.Address} holds shards (narrow) of the columns (eruptions)", refused.Message);
        Assert.Contains($"worker {a.Address}'s are (eruptions, waiting)", refused.Message);
        // Shards that agree with each other but not with the model: the message names the workers holding them.
        await using var c = ShardWorker.Start("127.0.0.1", 0, [narrow]);
        var wrong = await Assert.ThrowsAsync<DataException>(() => ClusterFit.Fit(Compiled(), [c.Address], Quick));
        Assert.Contains(c.Address, wrong.Message);
        Assert.Contains("has 1 column but model 'mixture' observes 'x' with dimension 2", wrong.Message);
    }

    [Fact]
    public async Task CancellingAtTheCoordinatorStopsTheSweepAndKeepsTheLastCompleteIteration()
    {
        var shards = SixShards();
        using var cancellation = new CancellationTokenSource();
        var stopper = new KillingShard(shards[1], pass: 8, () => { cancellation.Cancel(); return Task.CompletedTask; });
        await using var a = ShardWorker.Start("127.0.0.1", 0, [shards[0], stopper, shards[2]]);
        await using var b = ShardWorker.Start("127.0.0.1", 0, shards[3..]);
        var compiled = Gaussian(3, Covariance.Full).Compile(Inference.Em(restarts: 1, seed: 4));
        var cancelled = await ClusterFit.Fit(compiled, [a.Address, b.Address], Quick, cancellation: cancellation.Token);
        var full = Local(compiled, shards);
        // Passes 1 and 2 start the fit, 3 is the start's sweep, 4 to 7 iterations 1 to 4; the fifth's sweep was cancelled.
        Assert.Equal(4, cancelled.Iterations);
        Assert.False(cancelled.Converged);
        Assert.Equal(full.Trace.Take(5), cancelled.Trace);
    }

    /// <summary>
    /// VMP updates q(θ) before its plate's pass: cancelled in that pass, every worker's pass stops and the fit puts q(θ) back
    /// as the last complete sweep left it — the fit over the same shards told to stop after as many iterations, to the bit.
    /// </summary>
    [Fact]
    public async Task CancellingAVmpSweepStopsTheWorkersPassAndKeepsTheLastCompleteSweep()
    {
        var shards = SixShards();
        using var cancellation = new CancellationTokenSource();
        var stopper = new KillingShard(shards[4], pass: 7, () => { cancellation.Cancel(); return Task.CompletedTask; });
        await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
        await using var b = ShardWorker.Start("127.0.0.1", 0, [shards[3], stopper, shards[5]]);
        VmpCompiledModel Compiled(int iterations) =>
            (VmpCompiledModel)Gaussian(3, Covariance.Full).Compile(Inference.Vmp(restarts: 1, seed: 4, maxIterations: iterations, tolerance: -1));
        var cancelled = await ClusterFit.Fit(Compiled(100), [a.Address, b.Address], Quick, cancellation: cancellation.Token);
        Assert.True(stopper.Killed);
        Assert.False(cancelled.Converged);
        Assert.InRange(cancelled.Iterations, 1, 99);
        var stopped = Local(Compiled(cancelled.Iterations), SixShards());
        Assert.Equal(cancelled.Iterations, stopped.Iterations);
        Equal(stopped, cancelled);
    }

    [Fact]
    public async Task ASweepSendsAndReceivesTheSameBytesWhateverTheRows()
    {
        async Task<(long, long)> BytesOver(DataMatrix data)
        {
            var shards = ShardedEmTests.Shards(data, 6);
            await using var a = ShardWorker.Start("127.0.0.1", 0, shards[..3]);
            await using var b = ShardWorker.Start("127.0.0.1", 0, shards[3..]);
            await using var cluster = await ClusterShards.Connect([a.Address, b.Address], Quick);
            Gaussian(3, Covariance.Full).Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 2, tolerance: -1)).FitShards(cluster);
            return cluster.LastSweepBytes;
        }
        var small = await BytesOver(Examples.OldFaithful());
        var large = await BytesOver(ProbLatent.LatentModels.Synthetic.ThreeGaussiansData(6_000));
        Assert.Equal(small, large);
        // Per shard: the parameters out (3 weights, 6 means, 12 covariances), and back the 6 centres and K·(1 + 2d + d²) + 1 statistics.
        Assert.Equal((6 * (7 + 3 * 4 + 8 * (3 + 6 + 12)), 6 * (18 + 2 * 4 + 8 * (6 + 28))), small);
    }

    /// <summary>A shard that, on its <paramref name="pass"/>-th pass, runs <paramref name="kill"/> and never answers it.</summary>
    internal sealed class KillingShard(DataSource inner, int pass, Func<Task> kill) : DelegatingSource(inner)
    {
        int _passes;
        public bool Killed { get; private set; }

        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
        {
            if (Interlocked.Increment(ref _passes) == pass)
            {
                Killed = true;
                // A killed worker's pass ends with its process: it fails only once the worker's actor system is gone, so nothing
                // it answers reaches the coordinator; a cancelled fit's pass waits for the cancellation to reach it. Either way it
                // fails: a pass that ended without its rows would be an answer.
                if (!kill().Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the worker did not stop within 30 s");
                cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(5));
                throw new OperationCanceledException(cancellation.IsCancellationRequested ? "the pass was cancelled" : "the worker was killed", cancellation);
            }
            foreach (var block in Inner.Blocks(cancellation)) yield return block;
        }
    }
}
