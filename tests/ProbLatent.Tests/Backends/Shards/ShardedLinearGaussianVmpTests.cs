using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;
using ProbLatent.Parquet;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>
/// VMP for the Bayesian PPCA and factor analysis over shards and over a source read in blocks: the plate's q(zₙ) has a mean
/// affine in xₙ and one shared covariance, so every sweep runs on the data's N, x̄ and S, which the start's passes take (summed
/// in shard or block order beyond the start's rows, the start's rows themselves below). The fits equal the in-memory fit within
/// 1e-12 relative, sweep for sweep, and the shards behind their messages give the shards on threads to the bit.
/// </summary>
public class ShardedLinearGaussianVmpTests
{
    static VmpCompiledModel Vmp(Covariance covariance, int startRows = 50) =>
        (VmpCompiledModel)new VmpBackend(new VmpOptions(Restarts: 2, Seed: 4, StartRows: startRows, MaxIterations: 300))
            .Compile(ShardedLinearGaussianTests.Linear(covariance));

    /// <summary>The fits' iterations, trace, log p(x), ELBO terms and E[W], E[μ], E[Ψ], and q(τ)'s means, within <paramref name="relative"/>.</summary>
    static void Same(FitResult memory, FitResult other, double relative)
    {
        ShardedLinearGaussianTests.SameLinear(memory, other, relative);
        var a = (LinearGaussianPosterior)memory.ParameterPosterior!;
        var b = (LinearGaussianPosterior)other.ParameterPosterior!;
        for (int j = 0; j < a.NoisePrecisions.Count; j++) Close(a.NoisePrecisions[j].Mean, b.NoisePrecisions[j].Mean, $"E[τ{j}]", relative);
        for (int i = 0; i < a.ArdPrecisions.Count; i++) Close(a.ArdPrecisions[i].Mean, b.ArdPrecisions[i].Mean, $"E[α{i}]", relative);
    }

    [Theory]
    [InlineData(Covariance.Diagonal)]
    [InlineData(Covariance.Isotropic)]
    public void SixShardsOnThreadsGiveTheInMemoryFit(Covariance covariance)
    {
        var data = ShardedLinearGaussianTests.Rows(600);
        var memory = Vmp(covariance).Fit(data);
        Assert.True(memory.Iterations >= 10);
        Assert.IsType<GaussianPosterior>(memory.LatentPosterior);
        // 600 rows, a start of 50: x̄ and S are the shards' sums, taken in the start's two passes.
        var sharded = Vmp(covariance).FitShards(new LocalShards(ShardedEmTests.Shards(data, 6)));
        Same(memory, sharded, 1e-12);
        Assert.Equal(600, Assert.IsType<StreamedPosterior>(sharded.LatentPosterior).ExpectedCounts().Single());
        // Shards that together fit in the start are the in-memory rows themselves.
        Same(memory, Vmp(covariance, startRows: 1000).FitShards(new LocalShards(ShardedEmTests.Shards(data, 6))), 1e-12);
    }

    [Fact]
    public void ShardsBehindTheirMessagesGiveTheShardsOnThreadsToTheBit()
    {
        var data = ShardedLinearGaussianTests.Rows(600);
        var local = Vmp(Covariance.Diagonal).FitShards(new LocalShards(ShardedEmTests.Shards(data, 6)));
        var transport = new CodecTransport(ShardedEmTests.Shards(data, 6));
        var sent = Vmp(Covariance.Diagonal).FitShards(transport);
        Assert.Equal(local.Trace, sent.Trace);
        Assert.Equal(local.Elbo, sent.Elbo);
        Same(local, sent, 0);
        // The start's two passes are all the fit asks (the second's answer S's triangle, d(d+1)/2 doubles): no sweep asks the
        // shards anything, and log p(x) comes from the moments too.
        Assert.Equal([ShardQuestion.Describe, ShardQuestion.Sample], transport.LastSentOf.Keys.Order());
    }

    [Theory]
    [InlineData(Covariance.Diagonal)]
    [InlineData(Covariance.Isotropic)]
    public void AParquetFileAndACsvFileReadInBlocksGiveTheInMemoryFit(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = ShardedLinearGaussianTests.Rows(500, seed: 9);
        var memory = Vmp(covariance).Fit(data);
        var parquet = Vmp(covariance).FitSource(ParquetSource.Open(ParquetOf(folder, data, rowGroup: 64)));
        Same(memory, parquet, 1e-12);
        Assert.IsType<StreamedPosterior>(parquet.LatentPosterior);
        File.WriteAllLines(folder["rows.csv"], [string.Join(',', data.ColumnNames), .. data.ToRows().Select(r => string.Join(',', r.Select(v => v.ToString("R"))))]);
        Same(memory, Vmp(covariance).FitSource(DataSource.CsvFile(folder["rows.csv"], blockRows: 70)), 1e-12);
    }

    [Fact]
    public void TheLogLikelihoodFromTheMomentsIsTheSumOverTheRows()
    {
        var data = ShardedLinearGaussianTests.Rows(300);
        var random = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var loadings = Enumerable.Range(0, 10).Select(_ => 3 * random.NextGaussian()).ToArray();
            var mean = Enumerable.Range(0, 5).Select(_ => 20 * random.NextGaussian()).ToArray();
            var noise = Enumerable.Range(0, 5).Select(_ => 0.05 + random.NextDouble()).ToArray();
            var model = new LinearGaussianModel(loadings, mean, noise, 2, isotropic: false);
            Close(model.PointLogLikelihoods(data).Sum(), model.LogLikelihood(DataMoments.Of(data)), $"log p(x), trial {trial}", 1e-12);
        }
    }

    [Theory]
    [InlineData("vmp")]
    [InlineData("em")]
    public void AMixtureOfFactorAnalysersIsRefusedOverShardsNamingTheBackendsThatFitIt(string backend)
    {
        var data = ShardedLinearGaussianTests.Rows(100);
        var model = Model.Define("mfa")
            .Latent("c", Prior.Categorical(2))
            .Latent("z", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))))
            .Observe("x", dimension: 5);
        var compiled = backend == "vmp" ? model.Compile(Inference.Vmp(restarts: 1, seed: 1)) : model.Compile(Inference.Em(restarts: 1, seed: 1));
        var refused = Assert.Throws<BackendNotSupportedException>(() => compiled.FitShards(new CodecTransport(ShardedEmTests.Shards(data, 2))));
        Assert.Contains("model 'mfa'", refused.Message);
        Assert.Contains("PPCA and factor analysis", refused.Message);
        Assert.Contains("a mixture of factor analysers", refused.Message);
        Assert.Contains("by EM or VMP", refused.Message);
    }
}
