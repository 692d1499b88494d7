using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// EM over a data source read in blocks: one pass per iteration, each block's statistics summed, the M step from the sum. A
/// file whose rows are all held for the start gives the in-memory fit's numbers, within 1e-12 relative: the start and the
/// ridge are the same to the bit, and each iteration differs only in the order the blocks' sums are added and in the scatter,
/// taken in one pass about the current means instead of in a second pass about the new ones.
/// </summary>
public class StreamedEmTests
{
    const double Relative = 1e-12;

    static void Close(double expected, double actual, string what) => StreamedFitData.Close(expected, actual, what, Relative);

    static void Same(FitResult memory, FitResult streamed) => StreamedFitData.Same(memory, streamed, Close);

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void AParquetFileThatFitsInMemoryGivesTheInMemoryFit(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        var compiled = Gaussian(3, covariance).Compile(Inference.Em(restarts: 3, seed: 4));
        var memory = compiled.Fit(data);
        var streamed = compiled.FitSource(ParquetSource.Open(ParquetOf(folder, data, rowGroup: 100)));
        Same(memory, streamed);
        var a = (GaussianMixture)memory.Parameters;
        var b = (GaussianMixture)streamed.Parameters;
        for (int c = 0; c < 3; c++)
        {
            Close(a.Weights[c], b.Weights[c], $"weight {c}");
            for (int j = 0; j < 2; j++) Close(a.Mean(c)[j], b.Mean(c)[j], $"mean {c},{j}");
            // The scatter, taken in one pass about the current means, gives the covariances of the second pass about the new ones.
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) Close(a.Covariance(c)[i, j], b.Covariance(c)[i, j], $"covariance {c},{i},{j}");
        }
        Assert.Equal(data.ColumnNames, streamed.ColumnNames);
    }

    /// <summary>
    /// Missing cells over a Parquet file (NaN read as missing) give the in-memory fit with them, within 1e-9 relative: each
    /// block's statistics sum the conditional means and covariances component by component over its rows, where the in-memory
    /// M step takes the scatter about the new means of every row at once. Without --missing the same file is refused.
    /// </summary>
    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void MissingCellsOverAParquetFileGiveTheInMemoryFitWithThem(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = MissingValueTests.Removed(Examples.OldFaithful(), 0.2, seed: 3);
        var path = ParquetOf(folder, data, rowGroup: 100);
        var compiled = Gaussian(2, covariance).Compile(Inference.Em(restarts: 2, seed: 1));
        var memory = compiled.Fit(data);
        var streamed = compiled.FitSource(ParquetSource.Open(path, missing: MissingValues.AtRandom));
        StreamedFitData.Same(memory, streamed, (e, a, what) => StreamedFitData.Close(e, a, what, 1e-9));
        var m = (GaussianMixture)memory.Parameters;
        var s = (GaussianMixture)streamed.Parameters;
        for (int i = 0; i < m.CovariancesFlat.Length; i++) StreamedFitData.Close(m.CovariancesFlat[i], s.CovariancesFlat[i], $"covariance {i}", 1e-9);
        for (int i = 0; i < m.MeansFlat.Length; i++) StreamedFitData.Close(m.MeansFlat[i], s.MeansFlat[i], $"mean {i}", 1e-9);
        var refused = Assert.Throws<DataException>(() => compiled.FitSource(ParquetSource.Open(path)));
        Assert.Contains("row group", refused.Message);
    }

    /// <summary>A source with missing cells larger than the start is started from a sample holding them, and EM still climbs log p(x_observed).</summary>
    [Fact]
    public void MissingCellsOverASourceLargerThanTheStartAreStartedFromASampleAndEmClimbs()
    {
        using var folder = new TempFolder();
        var data = MissingValueTests.Removed(Examples.OldFaithful(), 0.2, seed: 3);
        var path = ParquetOf(folder, data, rowGroup: 50);
        var fit = new EmBackend(new EmOptions(Restarts: 1, Seed: 1, StartRows: 100)).Compile(Gaussian(2, Covariance.Full)).FitSource(ParquetSource.Open(path, missing: MissingValues.AtRandom));
        Assert.True(double.IsFinite(fit.LogLikelihood));
        for (int t = 1; t < fit.Trace.Count; t++) Assert.True(fit.Trace[t] >= fit.Trace[t - 1] - 1e-9 * Math.Abs(fit.Trace[t]), $"EM decreased at {t}");
        var exact = Gaussian(2, Covariance.Full).Compile(Inference.Exact(fit.Parameters)).Fit(data);
        Assert.Equal(exact.LogLikelihood, fit.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
    }

    /// <summary>
    /// A Gaussian mixture in memory is fitted in one pass per iteration; the two-pass iteration it replaced (the E step's table,
    /// then the M step's sums and the scatter about the new means) reaches the same objective at every iteration to rounding.
    /// </summary>
    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void In_memory_EM_in_one_pass_follows_the_two_pass_iteration_to_rounding(Covariance covariance)
    {
        var data = Examples.OldFaithful();
        var em = new GaussianMixtureEm(3, covariance, 1e-6, MixturePriors.None).For(data);
        var twoPass = new EmRun(em, data, 0, new Random(3), 1e-6);
        var onePass = StreamedEmRun.InMemory((GaussianMixtureEm)em, data, 0, new Random(3), 1e-6);
        Assert.Equal(twoPass.Objective, onePass.Objective, 1e-12 * Math.Abs(twoPass.Objective));
        for (int iteration = 1; iteration <= 60; iteration++)
        {
            twoPass.Iterate(iteration);
            onePass.Iterate(iteration);
            Assert.True(Math.Abs(twoPass.Objective - onePass.Objective) <= 1e-10 * Math.Abs(twoPass.Objective),
                $"iteration {iteration}: {twoPass.Objective:R} and {onePass.Objective:R}");
        }
        var a = (GaussianMixture)twoPass.Result().Parameters;
        var b = (GaussianMixture)onePass.Result().Parameters;
        for (int i = 0; i < a.CovariancesFlat.Length; i++) Assert.Equal(a.CovariancesFlat[i], b.CovariancesFlat[i], 1e-9 * Math.Abs(a.CovariancesFlat[i]));
    }

    [Fact]
    public void ACsvFileReadInBlocksGivesTheInMemoryBernoulliMixture()
    {
        using var folder = new TempFolder();
        var data = BitsCsv(folder);
        var compiled = Bernoulli(2, data.Columns).Compile(Inference.Em(restarts: 2, seed: 1, regularization: 1e-3));
        Same(compiled.Fit(data), compiled.FitSource(DataSource.CsvFile(folder["bits.csv"], blockRows: 64)));
    }

    [Fact]
    public void ASourceLargerThanTheStartIsStartedFromASeededSampleAndReachesTheSameFit()
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        var path = ParquetOf(folder, data, rowGroup: 50);
        var sampled = new EmBackend(new EmOptions(Restarts: 3, Seed: 2, StartRows: 40)).Compile(Gaussian(2, Covariance.Full));
        var first = sampled.FitSource(ParquetSource.Open(path));
        var again = sampled.FitSource(ParquetSource.Open(path));
        Assert.Equal(first.Trace, again.Trace);
        Assert.Equal(272, first.DataCount);
        var memory = Gaussian(2, Covariance.Full).Compile(Inference.Em(restarts: 3, seed: 2)).Fit(data);
        Assert.Equal(memory.LogLikelihood, first.LogLikelihood, 1e-6);
        Assert.NotEqual(memory.Trace[0], first.Trace[0]);
        for (int t = 1; t < first.Trace.Count; t++) Assert.True(first.Trace[t] >= first.Trace[t - 1] - 1e-9, $"EM decreased at {t}");
    }

    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public void ASourceHeldInMemoryIsFittedAsTheMatrixIs(string backend)
    {
        var data = Examples.OldFaithful();
        var compiled = Gaussian(2, Covariance.Full).Compile(backend == "em" ? Inference.Em(restarts: 2, seed: 1) : Inference.Vmp(restarts: 2, seed: 1));
        var memory = compiled.Fit(data);
        var source = compiled.FitSource(DataSource.InMemory(data));
        Assert.Equal(memory.Trace, source.Trace);
        Assert.IsType<DiscretePosterior>(source.LatentPosterior);
    }

    [Fact]
    public void OtherModelsAndBackendsRefuseASourceReadInBlocksNamingWhatRunsIt()
    {
        using var folder = new TempFolder();
        var path = ParquetOf(folder, Examples.OldFaithful(), rowGroup: 100);
        var truth = Gaussian(2, Covariance.Full).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful()).Parameters;
        var exact = Assert.Throws<BackendNotSupportedException>(() => Gaussian(2, Covariance.Full).Compile(Inference.Exact(truth)).FitSource(ParquetSource.Open(path)));
        Assert.Contains("the exact backend fits data held in memory, and", exact.Message);
        Assert.Contains("EM and VMP fit Gaussian and Bernoulli mixtures, and EM PPCA and factor analysis, over a source read in blocks", exact.Message);
        var mfa = Model.Define("mfa").Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 2);
        var em = Assert.Throws<BackendNotSupportedException>(() => mfa.Compile(Inference.Em()).FitSource(ParquetSource.Open(path)));
        Assert.Contains("model 'mfa': EM over a source read in blocks fits Gaussian and Bernoulli mixtures, PPCA and factor analysis", em.Message);
    }

    [Fact]
    public void ABadValueInALaterBlockIsNamedBeforeAnyFitting()
    {
        using var folder = new TempFolder();
        var text = "a,b\n" + string.Concat(Enumerable.Range(0, 200).Select(n => n == 150 ? "1,2e80\n" : $"{n % 7},{n % 5}\n"));
        File.WriteAllText(folder["d.csv"], text);
        var error = Assert.Throws<DataException>(() =>
            Gaussian(2, Covariance.Full).Compile(Inference.Em()).FitSource(DataSource.CsvFile(folder["d.csv"], blockRows: 64)));
        Assert.Contains("row 150 (line 152), column 1 'b'", error.Message);
    }

    [Fact]
    public void AScoreOverASourceIsTheInMemoryScoreToTheBitWithItsColumnsMatchedByName()
    {
        var data = Examples.OldFaithful();
        var fit = Gaussian(2, Covariance.Full).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(data);
        using var folder = new TempFolder();
        var swapped = string.Join('\n', [$"{data.ColumnNames[1]},{data.ColumnNames[0]}", .. data.ToRows().Select(r => $"{r[1]:R},{r[0]:R}")]);
        File.WriteAllText(folder["swapped.csv"], swapped + "\n");
        Assert.Equal(fit.Score(data), fit.Score(DataSource.CsvFile(folder["swapped.csv"], blockRows: 100)));
        var (total, rows) = SourceScore.Of(fit.Parameters, DataSource.CsvFile(folder["swapped.csv"], blockRows: 7), fit.ColumnNames);
        Assert.Equal(fit.Parameters.PointLogLikelihoods(data).Sum(), total);
        Assert.Equal(272, rows);
    }
}
