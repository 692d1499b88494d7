using ProbLatent.Backends;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>
/// VMP over shards (<c>VmpCompiledModel.FitShards</c>): each sweep's q(θ) updated here, every shard sent the kernels of the
/// plate's pass and answering its statistics and entropy, summed in shard order. Shards that together hold at most the
/// start's rows give the in-memory fit over their rows within 1e-12 relative, and the shards behind their messages give
/// the shards on threads to the bit.
/// </summary>
public class ShardedVmpTests
{
    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void SixShardsOnThreadsGiveTheInMemoryFit(Covariance covariance)
    {
        var data = Examples.OldFaithful();
        var compiled = (VmpCompiledModel)Gaussian(3, covariance).Compile(Inference.Vmp(restarts: 2, seed: 4));
        var memory = compiled.Fit(data);
        var sharded = compiled.FitShards(new LocalShards(ShardedEmTests.Shards(data, 6)));
        Same(memory, sharded, (a, b, what) => Close(a, b, what, 1e-12));
        Assert.Equal(memory.ParameterPosterior!.GetType(), sharded.ParameterPosterior!.GetType());
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void ShardsBehindTheirMessagesGiveTheShardsOnThreadsToTheBit(Covariance covariance)
    {
        var data = Examples.OldFaithful();
        var compiled = (VmpCompiledModel)Gaussian(3, covariance).Compile(Inference.Vmp(restarts: 2, seed: 4));
        var local = compiled.FitShards(new LocalShards(ShardedEmTests.Shards(data, 6)));
        var sent = compiled.FitShards(new CodecTransport(ShardedEmTests.Shards(data, 6)));
        Assert.Equal(local.Trace, sent.Trace);
        Assert.Equal(local.LogLikelihood, sent.LogLikelihood);
        Assert.Equal(local.Elbo, sent.Elbo);
        Assert.Equal(((StreamedPosterior)local.LatentPosterior).ExpectedCounts(), ((StreamedPosterior)sent.LatentPosterior).ExpectedCounts());
    }

    [Fact]
    public void ABernoulliMixtureOverShardsIsTheInMemoryOne()
    {
        using var folder = new TempFolder();
        var data = BitsCsv(folder);
        var compiled = (VmpCompiledModel)Bernoulli(2, data.Columns).Compile(Inference.Vmp(restarts: 2, seed: 1));
        Same(compiled.Fit(data), compiled.FitShards(new LocalShards(ShardedEmTests.Shards(data, 4))), (a, b, what) => Close(a, b, what, 1e-12));
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void ShardsLargerThanTheStartGiveTheSameFitEveryTimeAndTheElboClimbs(Covariance covariance)
    {
        var data = Examples.OldFaithful();
        var compiled = (VmpCompiledModel)new VmpBackend(new VmpOptions(Restarts: 2, Seed: 2, StartRows: 40)).Compile(Gaussian(2, covariance));
        var first = compiled.FitShards(new LocalShards(ShardedEmTests.Shards(data, 6)));
        var again = compiled.FitShards(new CodecTransport(ShardedEmTests.Shards(data, 6)));
        Assert.Equal(first.Trace, again.Trace);
        Assert.Equal(272, first.DataCount);
        for (int t = 1; t < first.Trace.Count; t++) Assert.True(first.Trace[t] >= first.Trace[t - 1] - 1e-9, $"the ELBO decreased at {t}");
        // The sample's start reaches the same two clusters as the fit in memory.
        var memory = compiled.Fit(data);
        Close(memory.LogLikelihood, first.LogLikelihood, "log-likelihood", 1e-6);
    }

    /// <summary>
    /// Cancelled in a plate's pass (at one shard, on its <paramref name="pass"/>-th), the fit keeps its last complete sweep:
    /// q(θ), log p(x), the ELBO and E[Nₖ] of the fit told to stop after as many iterations, to the bit — not the q(θ) the
    /// cancelled sweep had updated for that pass.
    /// </summary>
    [Theory]
    [InlineData("full", 6)]
    [InlineData("diagonal", 9)]
    [InlineData("bernoulli", 5)]
    public void CancellingInAPlatesPassKeepsTheLastCompleteSweep(string model, int pass)
    {
        using var folder = new TempFolder();
        var data = model == "bernoulli" ? BitsCsv(folder) : Examples.OldFaithful();
        VmpCompiledModel Compiled(int maxIterations) => (VmpCompiledModel)(model switch
        {
            "full" => Gaussian(3, Covariance.Full),
            "diagonal" => Gaussian(3, Covariance.Diagonal),
            _ => Bernoulli(3, data.Columns),
        }).Compile(Inference.Vmp(restarts: 1, seed: 4, maxIterations: maxIterations, tolerance: -1));
        var shards = ShardedEmTests.Shards(data, 4);
        using var cancellation = new CancellationTokenSource();
        shards[2] = new Distributed.ClusterFitTests.KillingShard(shards[2], pass, () => { cancellation.Cancel(); return Task.CompletedTask; });
        var cancelled = Compiled(100).FitShards(new LocalShards(shards), cancellation: cancellation.Token);
        Assert.True(cancellation.IsCancellationRequested);
        Assert.False(cancelled.Converged);
        Assert.InRange(cancelled.Iterations, 1, 99);
        var stopped = Compiled(cancelled.Iterations).FitShards(new LocalShards(ShardedEmTests.Shards(data, 4)));
        SameToTheBit(stopped, cancelled, data);
    }

    [Fact]
    public void CancellingInAPassOverASourceKeepsTheLastCompleteSweep()
    {
        var data = Examples.OldFaithful();
        VmpCompiledModel Compiled(int maxIterations) => (VmpCompiledModel)new VmpBackend(
            new VmpOptions(Restarts: 1, Seed: 2, StartRows: 40, MaxIterations: maxIterations, Tolerance: -1)).Compile(Gaussian(3, Covariance.Full));
        using var cancellation = new CancellationTokenSource();
        var cancelled = Compiled(100).FitSource(new CancellingSource(data, pass: 7, cancellation), cancellation: cancellation.Token);
        Assert.True(cancellation.IsCancellationRequested);
        Assert.InRange(cancelled.Iterations, 1, 99);
        SameToTheBit(Compiled(cancelled.Iterations).FitSource(new CancellingSource(data, pass: 0, cancellation)), cancelled, data);
    }

    static void SameToTheBit(FitResult stopped, FitResult cancelled, DataMatrix data)
    {
        Assert.Equal(stopped.Iterations, cancelled.Iterations);
        Assert.Equal(stopped.Trace, cancelled.Trace);
        Assert.Equal(stopped.LogLikelihood, cancelled.LogLikelihood);
        Assert.Equal(stopped.Elbo, cancelled.Elbo);
        Assert.Equal(((StreamedPosterior)stopped.LatentPosterior).ExpectedCounts(), ((StreamedPosterior)cancelled.LatentPosterior).ExpectedCounts());
        Assert.Equal(stopped.Parameters.PointLogLikelihoods(data), cancelled.Parameters.PointLogLikelihoods(data));
    }

    /// <summary>Rows read cheaply (not spilled), in blocks of 50, whose <paramref name="pass"/>-th pass cancels the fit reading it.</summary>
    sealed class CancellingSource(DataMatrix data, int pass, CancellationTokenSource cancel) : DelegatingSource(DataSource.InMemory(data))
    {
        int _passes;
        public override bool ReadsCheaply => true;

        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
        {
            if (++_passes == pass) cancel.Cancel();
            for (int from = 0; from < data.Rows; from += 50)
            {
                cancellation.ThrowIfCancellationRequested();
                var rows = data.SelectRows(Enumerable.Range(from, Math.Min(50, data.Rows - from)).ToArray());
                yield return new DataBlock { Data = rows, File = data.Source, FirstRowOfFile = from, FirstRowOfSource = from };
            }
        }
    }

    [Fact]
    public void APlatesPassSendsTheKernelsNotTheRows()
    {
        var data = Examples.OldFaithful();
        var shards = new CodecTransport(ShardedEmTests.Shards(data, 6));
        var compiled = (VmpCompiledModel)Gaussian(3, Covariance.Full).Compile(Inference.Vmp(restarts: 1, seed: 4, maxIterations: 3));
        compiled.FitShards(shards);
        // The last question is the score: a mixture's parameters to each shard, a few hundred bytes whatever the rows.
        Assert.InRange(shards.LastSent, 1, 6 * 400);
        // The last plate pass, with no start: the kernels, a few hundred bytes a shard, where all the rows would be 272 × 2 × 8 bytes.
        Assert.InRange(shards.LastSentOf[ShardQuestion.PlatePass], 1, 6 * 400);
    }

    [Fact]
    public void AModelThatKeepsAPosteriorPerRowIsRefusedOverShards()
    {
        var data = Examples.OldFaithful();
        var compiled = (VmpCompiledModel)Model.Define("mfa")
            .Latent("c", Prior.Categorical(2))
            .Latent("z", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))))
            .Observe("x", dimension: data.Columns)
            .Compile(Inference.Vmp(restarts: 1, seed: 1));
        var refused = Assert.Throws<BackendNotSupportedException>(() => compiled.FitShards(new LocalShards(ShardedEmTests.Shards(data, 2))));
        Assert.Contains("fit it in memory", refused.Message);
    }
}
