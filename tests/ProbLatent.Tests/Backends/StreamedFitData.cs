using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;

namespace ProbLatent.Tests.Backends;

/// <summary>The models and files the tests of fits over a data source read in blocks share (EM's and VMP's).</summary>
static class StreamedFitData
{
    public static Model Gaussian(int k, Covariance covariance) => Model.Define("mixture")
        .Latent("z", Prior.Categorical(k))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension: 2);

    public static Model Bernoulli(int k, int d) => Model.Define("binary")
        .Latent("z", Prior.Categorical(k))
        .Decoder(Decoder.PerComponent(Likelihood.Bernoulli()))
        .Observe("x", dimension: d);

    /// <summary><paramref name="data"/> written as data.parquet in <paramref name="folder"/>, in row groups of <paramref name="rowGroup"/> rows.</summary>
    public static string ParquetOf(TempFolder folder, DataMatrix data, int rowGroup)
    {
        var path = folder["data.parquet"];
        var groups = Enumerable.Range(0, (data.Rows + rowGroup - 1) / rowGroup)
            .Select(g => data.SelectRows(Enumerable.Range(g * rowGroup, Math.Min(rowGroup, data.Rows - g * rowGroup)).ToArray()));
        ParquetTable.Write(path, groups);
        return path;
    }

    /// <summary>300 rows of 6 bits in two clusters (even rows mostly 1 in the first three bits), written as bits.csv in <paramref name="folder"/>.</summary>
    public static DataMatrix BitsCsv(TempFolder folder)
    {
        var random = new Random(3);
        int rows = 300, d = 6;
        var values = new double[rows * d];
        for (int n = 0; n < rows; n++)
            for (int j = 0; j < d; j++) values[n * d + j] = random.NextDouble() < ((n % 2 == 0) == (j < 3) ? 0.85 : 0.1) ? 1 : 0;
        var data = new DataMatrix(values, rows, d, Enumerable.Range(1, d).Select(j => $"b{j}").ToArray(), "bits");
        File.WriteAllLines(folder["bits.csv"], [string.Join(',', data.ColumnNames), .. data.ToRows().Select(r => string.Join(',', r))]);
        return data;
    }

    /// <summary>Asserts <paramref name="actual"/> is <paramref name="expected"/> within <paramref name="relative"/> (relative to at least 1).</summary>
    public static void Close(double expected, double actual, string what, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R} is not {expected:R} within {relative} relative");

    /// <summary>A fit over a source against the same rows' fit in memory: the iterations, the trace, log p(x), the ELBO's terms and E[Nₖ], each by <paramref name="close"/>.</summary>
    public static void Same(FitResult memory, FitResult streamed, Action<double, double, string> close)
    {
        Assert.Equal(memory.Iterations, streamed.Iterations);
        Assert.Equal(memory.Converged, streamed.Converged);
        Assert.Equal(memory.DataCount, streamed.DataCount);
        for (int t = 0; t < memory.Trace.Count; t++) close(memory.Trace[t], streamed.Trace[t], $"trace[{t}]");
        close(memory.LogLikelihood, streamed.LogLikelihood, "log-likelihood");
        close(memory.Elbo.ExpectedLogLikelihood, streamed.Elbo.ExpectedLogLikelihood, "E[log p(x | z)]");
        close(memory.Elbo.ExpectedLogPrior, streamed.Elbo.ExpectedLogPrior, "E[log p(z, θ)]");
        close(memory.Elbo.Entropy, streamed.Elbo.Entropy, "H[q]");
        var counts = ((DiscretePosterior)memory.LatentPosterior).ExpectedCounts();
        var streamedCounts = Assert.IsType<StreamedPosterior>(streamed.LatentPosterior).ExpectedCounts();
        for (int k = 0; k < counts.Length; k++) close(counts[k], streamedCounts[k], $"E[N{k}]");
    }
}
