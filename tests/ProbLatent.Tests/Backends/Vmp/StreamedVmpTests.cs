using ProbLatent.Backends;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// VMP over a data source read in blocks: each sweep updates q(θ) from the last pass's statistics, then one pass gives each
/// block its q(zₙ) under the current q(θ), adding the block's statistics and local ELBO terms. A source whose rows are all
/// held for the start starts as the in-memory fit does, to the bit; its sweeps then sum the same row blocks of 512 rows, in
/// the same order, when the source's blocks are multiples of 512 rows — the in-memory fit to the bit — and otherwise split
/// them at the blocks' edges, which moves the sums by rounding only (within 1e-9 relative, here far less).
/// </summary>
public class StreamedVmpTests
{
    const double Relative = 1e-9;

    static void Close(double expected, double actual, string what) => StreamedFitData.Close(expected, actual, what, Relative);

    /// <summary>The shared checks, and log p(xₙ) at the posterior means.</summary>
    static void Same(FitResult memory, FitResult streamed)
    {
        StreamedFitData.Same(memory, streamed, Close);
        var a = memory.Parameters.PointLogLikelihoods(Examples.OldFaithful());
        var b = streamed.Parameters.PointLogLikelihoods(Examples.OldFaithful());
        for (int n = 0; n < a.Length; n += 37) Close(a[n], b[n], $"log p(x{n}) at the posterior means");
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void AParquetFileThatFitsInMemoryGivesTheInMemoryFit(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        var compiled = Gaussian(3, covariance).Compile(Inference.Vmp(restarts: 2, seed: 4));
        var memory = compiled.Fit(data);
        var streamed = compiled.FitSource(ParquetSource.Open(ParquetOf(folder, data, rowGroup: 100)));
        Same(memory, streamed);
        Assert.Equal(data.ColumnNames, streamed.ColumnNames);
        Assert.Equal(memory.ParameterPosterior!.GetType(), streamed.ParameterPosterior!.GetType());
    }

    [Fact]
    public void RowGroupsOfWholeRowBlocksGiveTheInMemoryFitToTheBit()
    {
        var random = new Random(5);
        int rows = 1500;
        var values = new double[rows * 2];
        for (int n = 0; n < rows; n++)
        {
            int c = n % 3;
            values[2 * n] = 3 * c + random.NextDouble();
            values[2 * n + 1] = -2 * c + random.NextDouble();
        }
        var data = new DataMatrix(values, rows, 2, ["a", "b"], "three");
        using var folder = new TempFolder();
        var compiled = Gaussian(3, Covariance.Full).Compile(Inference.Vmp(restarts: 2, seed: 1));
        var memory = compiled.Fit(data);
        var streamed = compiled.FitSource(ParquetSource.Open(ParquetOf(folder, data, rowGroup: 512)));
        Assert.Equal(memory.Trace, streamed.Trace);
        Assert.Equal(memory.LogLikelihood, streamed.LogLikelihood);
        Assert.Equal(memory.Elbo, streamed.Elbo);
        Assert.Equal(((DiscretePosterior)memory.LatentPosterior).ExpectedCounts(), ((StreamedPosterior)streamed.LatentPosterior).ExpectedCounts());
    }

    [Fact]
    public void ACsvFileReadInBlocksGivesTheInMemoryBernoulliMixture()
    {
        using var folder = new TempFolder();
        var data = BitsCsv(folder);
        var compiled = Bernoulli(2, data.Columns).Compile(Inference.Vmp(restarts: 2, seed: 1));
        var memory = compiled.Fit(data);
        var streamed = compiled.FitSource(DataSource.CsvFile(folder["bits.csv"], blockRows: 64));
        Assert.Equal(memory.Iterations, streamed.Iterations);
        for (int t = 0; t < memory.Trace.Count; t++) Close(memory.Trace[t], streamed.Trace[t], $"trace[{t}]");
        Close(memory.LogLikelihood, streamed.LogLikelihood, "log-likelihood");
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void ASourceLargerThanTheStartIsStartedFromASeededSampleAndItsElboNeverDecreases(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        var path = ParquetOf(folder, data, rowGroup: 50);
        var sampled = new VmpBackend(new VmpOptions(Restarts: 2, Seed: 2, StartRows: 40)).Compile(Gaussian(2, covariance));
        var first = sampled.FitSource(ParquetSource.Open(path));
        var again = sampled.FitSource(ParquetSource.Open(path));
        Assert.Equal(first.Trace, again.Trace);
        Assert.Equal(272, first.DataCount);
        for (int t = 1; t < first.Trace.Count; t++) Assert.True(first.Trace[t] >= first.Trace[t - 1] - 1e-9, $"the ELBO decreased at {t}");
        var memory = Gaussian(2, covariance).Compile(Inference.Vmp(restarts: 2, seed: 2)).Fit(data);
        Assert.NotEqual(memory.Trace[0], first.Trace[0]);
        Assert.Equal(memory.LogLikelihood, first.LogLikelihood, 1e-3);
        Assert.True(first.Elbo.Value <= first.LogLikelihood, "the ELBO bounds log p(x) at the posterior means only loosely, but bounds it");
    }

    [Fact]
    public void ModelsWhosePartsHoldRowsInMemoryRefuseASourceNamingThePart()
    {
        using var folder = new TempFolder();
        var path = ParquetOf(folder, Examples.OldFaithful(), rowGroup: 100);
        var mfa = Model.Define("mfa").Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))).Observe("x", 2);
        var error = Assert.Throws<BackendNotSupportedException>(() => mfa.Compile(Inference.Vmp()).FitSource(ParquetSource.Open(path)));
        Assert.Contains("its part \"latent", error.Message);
        Assert.Contains("keeps a posterior per row of data held in memory", error.Message);
        Assert.Contains("VMP over a source read in blocks fits Gaussian (full or diagonal) and Bernoulli mixtures, PPCA and factor analysis", error.Message);
    }
}
