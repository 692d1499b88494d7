using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>The shards' binary messages read back bit for bit, and a message of another layout version is refused.</summary>
public class ShardCodecTests
{
    static GaussianMixture Fitted(Covariance covariance) =>
        (GaussianMixture)Gaussian(3, covariance).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful()).Parameters;

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void AModelAndAShardsStatisticsUnderItReadBackBitForBit(Covariance covariance)
    {
        var model = Fitted(covariance);
        var back = (GaussianMixture)ShardCodec.Model(ShardCodec.Model(model));
        Assert.Equal(model.MeansFlat.ToArray(), back.MeansFlat.ToArray());
        Assert.Equal(model.CovariancesFlat.ToArray(), back.CovariancesFlat.ToArray());
        var data = DataSource.InMemory(Examples.OldFaithful());
        var sums = ShardWork.Statistics(data, model, default);
        var read = ShardCodec.Sums(ShardCodec.Sums(sums));
        Assert.Equal(sums.Rows, read.Rows);
        Assert.Equal(sums.Sums.Values.ToArray(), read.Sums.Values.ToArray());
        Assert.Equal(ShardWork.Statistics(data, back, default).Sums.Values.ToArray(), sums.Sums.Values.ToArray());
        // Doubles and a few counts: the statistics' size is set by K and d, not by the rows they sum.
        Assert.True(ShardCodec.Sums(sums).Length < 8 * (sums.Sums.Length + model.MeansFlat.Length) + 64);
    }

    [Fact]
    public void TheStartsAndTheResultsMessagesReadBack()
    {
        var request = ShardCodec.SampleRequest(ShardCodec.SampleRequest(new ShardSampleRequest(5, 7, [1.5, -2])));
        Assert.Equal((5, 7), (request.Quota, request.Seed));
        Assert.Equal([1.5, -2], request.Means!);
        Assert.Null(ShardCodec.SampleRequest(ShardCodec.SampleRequest(new ShardSampleRequest(5, 7, null))).Means);
        var sample = ShardCodec.Sample(ShardCodec.Sample(new ShardSample([1, 2, 3, 4], [0.5], [])));
        Assert.Equal([1, 2, 3, 4], sample.Rows);
        var summary = ShardCodec.Summary(ShardCodec.Summary(new ShardSummary(12, [3, 4])));
        Assert.Equal(12, summary.Rows);
        var final = ShardCodec.Final(ShardCodec.Final(new ShardFinal(new ElboTerms(-1, -2, 3), [4, 5])));
        Assert.Equal(new ElboTerms(-1, -2, 3), final.Elbo);
        var model = Fitted(Covariance.Full);
        var (previous, current) = ShardCodec.FinalModels(ShardCodec.Final((model, (ILatentModel)model)));
        Assert.Equal(model.MeansFlat.ToArray(), ((GaussianMixture)previous).MeansFlat.ToArray());
        Assert.Equal(model.Weights, ((GaussianMixture)current).Weights);
    }

    [Fact]
    public void AMessageOfAnotherLayoutVersionIsRefusedNamingBoth()
    {
        var bytes = ShardCodec.Summary(new ShardSummary(1, [1]));
        bytes[0] = ShardCodec.Version + 1;
        var refused = Assert.Throws<InvalidDataException>(() => ShardCodec.Summary(bytes));
        Assert.Contains($"version {ShardCodec.Version + 1}", refused.Message);
        Assert.Contains($"reads version {ShardCodec.Version}", refused.Message);
    }
}
