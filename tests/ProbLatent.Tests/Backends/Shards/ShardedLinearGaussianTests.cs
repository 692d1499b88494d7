using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;
using static ProbLatent.Tests.Backends.StreamedFitData;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>
/// EM for PPCA and factor analysis over shards and over a source read in blocks: the start's passes give x̄ and S over every
/// row (summed in shard order), and every iteration runs on them, as the in-memory fit does. With more rows than the start
/// holds the moments are the shards' sums, not the in-memory matrix's, so the fits agree within 1e-12 relative, step for step.
/// </summary>
public class ShardedLinearGaussianTests
{
    internal static Model Linear(Covariance covariance, int d = 5) => Model.Define(covariance == Covariance.Isotropic ? "ppca" : "fa")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension: d);

    /// <summary>Rows of a factor analyser with noise of different sizes per column, away from the origin.</summary>
    internal static DataMatrix Rows(int count, int seed = 3)
    {
        var random = new Random(seed);
        var loadings = Enumerable.Range(0, 10).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var truth = new LinearGaussianModel(loadings, [10, -2, 3, 0, 50], [0.1, 0.3, 0.5, 0.2, 0.9], 2, isotropic: false);
        return truth.Generate(count, random).Data;
    }

    // One restart: restarts that reach the same maximum in W's rotations tie to the last digit, and which of them a fit keeps
    // would then be rounding's choice.
    static EmCompiledModel Em(Covariance covariance, bool accelerate = false, int startRows = 50) =>
        (EmCompiledModel)new EmBackend(new EmOptions(Restarts: 1, Seed: 4, StartRows: startRows, Accelerate: accelerate, MaxIterations: 300))
            .Compile(Linear(covariance));

    internal static void SameLinear(FitResult memory, FitResult other, double relative)
    {
        Assert.Equal(memory.Iterations, other.Iterations);
        Assert.Equal(memory.Converged, other.Converged);
        Assert.Equal(memory.DataCount, other.DataCount);
        Assert.Equal(memory.Trace.Count, other.Trace.Count);
        for (int t = 0; t < memory.Trace.Count; t++) Close(memory.Trace[t], other.Trace[t], $"trace[{t}]", relative);
        Close(memory.LogLikelihood, other.LogLikelihood, "log-likelihood", relative);
        Close(memory.Elbo.ExpectedLogLikelihood, other.Elbo.ExpectedLogLikelihood, "E[log p(x | z)]", relative);
        Close(memory.Elbo.ExpectedLogPrior, other.Elbo.ExpectedLogPrior, "E[log p(z)]", relative);
        Close(memory.Elbo.Entropy, other.Elbo.Entropy, "H[q]", relative);
        var a = (LinearGaussianModel)memory.Parameters;
        var b = (LinearGaussianModel)other.Parameters;
        var wa = a.Loadings.ToRowMajorArray();
        var wb = b.Loadings.ToRowMajorArray();
        double scale = wa.Max(Math.Abs);
        for (int i = 0; i < wa.Length; i++) Assert.True(Math.Abs(wa[i] - wb[i]) <= relative * scale, $"W[{i}]: {wa[i]} and {wb[i]}");
        for (int j = 0; j < a.Dimension; j++)
        {
            Close(a.Mean[j], b.Mean[j], $"μ[{j}]", relative);
            Close(a.NoiseVariances[j], b.NoiseVariances[j], $"ψ[{j}]", relative);
        }
    }

    [Theory]
    [InlineData(Covariance.Diagonal, false)]
    [InlineData(Covariance.Isotropic, false)]
    [InlineData(Covariance.Diagonal, true)]
    [InlineData(Covariance.Isotropic, true)]
    public void SixShardsOnThreadsGiveTheInMemoryFit(Covariance covariance, bool accelerate)
    {
        var data = Rows(600);
        var memory = Em(covariance, accelerate).Fit(data);
        Assert.True(memory.Iterations >= 2);
        // 600 rows, a start of 50: x̄ and S are the shards' sums, taken in the start's two passes.
        SameLinear(memory, Em(covariance, accelerate).FitShards(new LocalShards(ShardedEmTests.Shards(data, 6))), 1e-12);
        // Shards that together fit in the start are the in-memory rows themselves.
        SameLinear(memory, Em(covariance, accelerate, startRows: 1000).FitShards(new LocalShards(ShardedEmTests.Shards(data, 6))), 1e-12);
    }

    [Theory]
    [InlineData(Covariance.Diagonal)]
    [InlineData(Covariance.Isotropic)]
    public void AParquetFileReadInRowGroupsGivesTheInMemoryFit(Covariance covariance)
    {
        using var folder = new TempFolder();
        var data = Rows(500, seed: 9);
        var streamed = Em(covariance).FitSource(ParquetSource.Open(ParquetOf(folder, data, rowGroup: 64)));
        SameLinear(Em(covariance).Fit(data), streamed, 1e-12);
        Assert.IsType<StreamedPosterior>(streamed.LatentPosterior);
    }

    [Fact]
    public void TheInMemoryFitsElboFromTheMomentsIsTheSumOverItsRows()
    {
        var data = Rows(300);
        var fit = Em(Covariance.Diagonal).Fit(data);
        var rows = fit.Parameters.Elbo(data, fit.LatentPosterior);
        Close(rows.ExpectedLogLikelihood, fit.Elbo.ExpectedLogLikelihood, "E[log p(x | z)]", 1e-12);
        Close(rows.ExpectedLogPrior, fit.Elbo.ExpectedLogPrior, "E[log p(z)]", 1e-12);
        Close(rows.Entropy, fit.Elbo.Entropy, "H[q]", 1e-12);
        Close(fit.Parameters.PointLogLikelihoods(data).Sum(), fit.LogLikelihood, "log p(x)", 1e-12);
    }

    [Fact]
    public void MissingCellsOverShardsAreRefusedNamingTheRowAndWhatFitsThem()
    {
        var values = Rows(100).Values.ToArray();
        values[7] = double.NaN;
        var data = new DataMatrix(values, 100, 5, null, "gappy", MissingValues.AtRandom);
        var refused = Assert.Throws<DataException>(() => Em(Covariance.Diagonal).FitShards(new LocalShards(ShardedEmTests.Shards(data, 2))));
        Assert.Contains("gappy, row 1, column 2: the cell is missing", refused.Message);
        Assert.Contains(SourceStart.MissingRefuser, refused.Message);
    }

    [Fact]
    public void AShardsStartAnswerSendsTheSameBytesWhateverItsRows()
    {
        int Bytes(int rows)
        {
            var shard = ShardedEmTests.Shards(Rows(rows), 1)[0];
            var request = new ShardSampleRequest(Quota: 0, Seed: 1, Means: new double[5], Covariance: true);
            return ShardCodec.Sample(ShardWork.Sample(shard, request, CancellationToken.None)).Length;
        }
        // The version, three arrays each after its length (no rows, d squared deviations and the d(d+1)/2 of S's triangle),
        // then the rows read.
        Assert.Equal(1 + 4 + (4 + 8 * 5) + (4 + 8 * 15) + 8, Bytes(300));
        Assert.Equal(Bytes(300), Bytes(3000));
    }
}
