using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.Modeling;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>
/// A source or shard whose rows change between the passes of one fit is refused, naming it, at whichever pass first sees
/// it: the start's second pass (its deviations, and a linear-Gaussian fit's S, are the data's only over the first pass's
/// rows), an EM sweep, a VMP plate's pass. No fit goes on over rows the others left out.
/// </summary>
public class ChangingDataTests
{
    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public void AShardThatLosesRowsBetweenTheStartsPassesStopsAFactorAnalysisNamingIt(string backend)
    {
        var shards = ShardedEmTests.Shards(ShardedLinearGaussianTests.Rows(600), 3);
        shards[1] = new ShrinkingSource(shards[1], fromPass: 2);
        var compiled = ShardedLinearGaussianTests.Linear(Covariance.Diagonal)
            .Compile(backend == "em" ? Inference.Em(restarts: 1, seed: 1) : Inference.Vmp(restarts: 1, seed: 1));
        var error = Assert.Throws<DataException>(() => compiled.FitShards(new CodecTransport(shards)));
        Assert.StartsWith("shard 2 of ", error.Source);
        Assert.Equal("had 200 rows on the start's first pass and 199 on its second: it changed while it was being read", error.Reason);
    }

    [Fact]
    public void ASourceThatLosesRowsBetweenTheStartsPassesStopsAFactorAnalysis()
    {
        var source = new ShrinkingSource(DataSource.InMemory(ShardedLinearGaussianTests.Rows(600)), fromPass: 2);
        var compiled = (EmCompiledModel)new EmBackend(new EmOptions(Restarts: 1, Seed: 1, StartRows: 100)).Compile(ShardedLinearGaussianTests.Linear(Covariance.Diagonal));
        var error = Assert.Throws<DataException>(() => compiled.FitSource(source));
        Assert.Equal("had 600 rows on the start's first pass and 599 on its second: it changed while it was being read", error.Reason);
    }

    [Fact]
    public void AShardThatLosesRowsInAnEmSweepStopsTheFit()
    {
        var shards = ShardedEmTests.Shards(Examples.OldFaithful(), 3);
        shards[2] = new ShrinkingSource(shards[2], fromPass: 5);
        var compiled = (EmCompiledModel)Gaussian(2, Covariance.Full).Compile(Inference.Em(restarts: 1, seed: 1));
        var error = Assert.Throws<DataException>(() => compiled.FitShards(new LocalShards(shards)));
        Assert.Equal("had 272 rows when the fit began and 271 on this pass: it changed while it was being read", error.Reason);
    }

    [Fact]
    public void ASourceThatLosesRowsInAVmpPlatesPassStopsTheFit()
    {
        var source = new ShrinkingSource(DataSource.InMemory(Examples.OldFaithful()), fromPass: 5);
        var compiled = (VmpCompiledModel)new VmpBackend(new VmpOptions(Restarts: 1, Seed: 2, StartRows: 40)).Compile(Gaussian(2, Covariance.Full));
        var error = Assert.Throws<DataException>(() => compiled.FitSource(source));
        Assert.Equal("had 272 rows when the fit began and 271 on this pass: it changed while it was being read", error.Reason);
        Assert.Equal(source.Name, error.Source);
    }

    [Fact]
    public void ASamplesRowsReadTravelWithIt() =>
        Assert.Equal(1_234_567_890_123, ShardCodec.Sample(ShardCodec.Sample(new ShardSample([1, 2], [], [], 1_234_567_890_123))).RowsRead);

    /// <summary>Read as it is on every pass (not spilled), its last row gone from its <paramref name="fromPass"/>-th pass on.</summary>
    sealed class ShrinkingSource(DataSource inner, int fromPass) : DelegatingSource(inner)
    {
        int _passes;
        public override bool ReadsCheaply => true;

        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
        {
            bool shrink = Interlocked.Increment(ref _passes) >= fromPass;
            foreach (var block in Inner.Blocks(cancellation))
            {
                if (!shrink) yield return block;
                else yield return new DataBlock
                {
                    Data = block.Data.SelectRows(Enumerable.Range(0, block.Data.Rows - 1).ToArray()),
                    File = block.File,
                    FirstRowOfFile = block.FirstRowOfFile,
                    FirstRowOfSource = block.FirstRowOfSource,
                };
            }
        }
    }
}
