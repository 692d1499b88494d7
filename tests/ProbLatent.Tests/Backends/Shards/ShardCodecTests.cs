using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;
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
        var sample = ShardCodec.Sample(ShardCodec.Sample(new ShardSample([1, 2, 3, 4], [0.5], [], 2)));
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
    public void APlatesPassRequestAndItsTotalsReadBackBitForBit()
    {
        var whitened = new WhitenedGaussians(2, 2, full: true, upper: true, centred: false, offsets: true);
        for (int i = 0; i < whitened.Transforms.Length; i++) whitened.Transforms[i] = Math.PI * (i + 1);
        whitened.Offsets[3] = -1.25;
        whitened.Constants[1] = Math.E;
        var request = new PlatePassRequest([new WeightsKernel([-0.5, -1.0 / 3]), new GaussianGateKernel(whitened), new BernoulliGateKernel([0.1, 0.2], [-3])],
            2, new NearestCentreStart([1, 2, 3, 4], 2, [0.5, 2]));
        var back = ShardCodec.PlatePassRequest(ShardCodec.PlatePass(request));
        Assert.Equal(2, back.States);
        Assert.Equal([-0.5, -1.0 / 3], ((WeightsKernel)back.Kernels[0]).MeanLog);
        var gate = ((GaussianGateKernel)back.Kernels[1]).Whitened;
        Assert.Equal(whitened.Transforms, gate.Transforms);
        Assert.Equal(whitened.Offsets, gate.Offsets);
        Assert.Equal(whitened.Constants, gate.Constants);
        Assert.True(gate.IsFull && gate.IsUpper);
        Assert.Equal([0.1, 0.2], ((BernoulliGateKernel)back.Kernels[2]).LogOddsByColumn);
        var start = Assert.IsType<NearestCentreStart>(back.Start);
        Assert.Equal([1, 2, 3, 4], start.Centres);
        Assert.Equal([0.5, 2], start.ColumnWeights!);
        var given = ShardCodec.PlatePassRequest(ShardCodec.PlatePass(request with { Start = new GivenStart([1, 0, 0.25, 0.75], 2) }));
        Assert.Equal([1, 0, 0.25, 0.75], Assert.IsType<GivenStart>(given.Start).Probabilities);
        Assert.Null(ShardCodec.PlatePassRequest(ShardCodec.PlatePass(request with { Start = null })).Start);
        Assert.Equal([1.5, -2, 1e-300], ShardCodec.Totals(ShardCodec.Totals([1.5, -2, 1e-300])));
        Assert.Equal(-123.456, ShardCodec.Score(ShardCodec.Score(-123.456)));
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
