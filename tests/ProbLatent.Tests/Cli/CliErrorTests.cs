using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

public class CliErrorTests
{
    [Fact]
    public void BadFilePathIsADataError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"problatent-missing-{Guid.NewGuid():N}.csv");
        var run = CliRun.Of("fit", "--data", path, "--model", "gmm");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {path}: file not found", run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void RaggedCsvNamesRowAndLine()
    {
        using var csv = new TempCsv("eruptions,waiting\n3.6,79\n1.8,54,7\n");
        var run = CliRun.Of("fit", "--data", csv.Path, "--model", "gmm");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {csv.Path}, row 1 (line 3), column 2: has 3 values but the header has 2 columns (eruptions, waiting)", run.ErrorLine);
    }

    [Fact]
    public void NonNumericCellNamesTheCell()
    {
        using var csv = new TempCsv("eruptions,waiting\n3.6,79\n1.8,54\n3.3,74\n2.2,abc\n");
        var run = CliRun.Of("compare", "--data", csv.Path, "--model", "gmm");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {csv.Path}, row 3 (line 5), column 1 'waiting': 'abc' is not a number; " +
                     "leave the column out with --drop waiting, or choose the columns to read with --columns", run.ErrorLine);
    }

    [Fact]
    public void NaNInCsvNamesTheCell()
    {
        using var csv = new TempCsv("a,b\n1,2\nNaN,3\n");
        var run = CliRun.Of("fit", "--data", csv.Path, "--model", "gmm");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Contains("row 1 (line 3), column 0 'a': 'NaN' is not a finite number", run.ErrorLine);
    }

    [Fact]
    public void UnknownModelNameIsAUsageError()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--model", "kmeans");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: unknown model 'kmeans' for --model; use one of: gmm, bernoulli-mixture, categorical-mixture, ppca, fa, mfa, mppca, mcfa, vae, autoencoder, sbn, rbm, hmm, dbn, gmvae (see 'problatent fit --help')", run.ErrorLine);
    }

    [Fact]
    public void UnknownExampleListsTheExamples()
    {
        var run = CliRun.Of("compare", "--example", "faithful");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("unknown example data set 'faithful' for --example; use one of: old-faithful, iris, nile", run.ErrorLine);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var run = CliRun.Of("compare", "--example", "old-faithful", "--colour");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: Unrecognized command or argument '--colour' (see 'problatent compare --help')", run.ErrorLine);
    }

    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        var run = CliRun.Of("fitt", "--example", "old-faithful");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("'fitt'", run.ErrorLine);
    }

    [Fact]
    public void NoCommandIsAUsageError()
    {
        var run = CliRun.Of();
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("see 'problatent --help'", run.ErrorLine);
    }

    [Fact]
    public void MissingDataIsAUsageError()
    {
        var run = CliRun.Of("fit", "--model", "gmm");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: no data: give --data FILE.csv or --example NAME (old-faithful, iris, nile)", run.ErrorLine);
    }

    [Fact]
    public void MissingModelWithDataFileIsAUsageError()
    {
        using var csv = new TempCsv("a,b\n1,2\n3,4\n");
        var run = CliRun.Of("fit", "--data", csv.Path);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --model is required with --data: one of gmm, bernoulli-mixture, categorical-mixture, ppca, fa, mfa, mppca, mcfa, vae, autoencoder, sbn, rbm, hmm, dbn, gmvae", run.ErrorLine);
    }

    [Fact]
    public void MissingOptionValueIsAUsageError()
    {
        var run = CliRun.Of("fit", "--example");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--example", run.ErrorLine);
    }

    [Theory]
    [InlineData("--components", "0", "error: --components must be at least 1, got 0 (see 'problatent fit --help')")]
    [InlineData("--seed", "abc", "error: --seed expects a whole number, got 'abc' (see 'problatent fit --help')")]
    [InlineData("--seed", "-3000000000", "error: --seed must be between -2147483648 and 2147483647, got -3000000000 (see 'problatent fit --help')")]
    [InlineData("--tolerance", "-1", "error: --tolerance must be a finite number ≥ 0, got -1 (see 'problatent fit --help')")]
    [InlineData("--backend", "gibbs", "error: unknown backend 'gibbs' for --backend; use one of: exact, em, vmp, reparameterized, contrastive, score-function (see 'problatent fit --help')")]
    public void BadOptionValues(string option, string value, string expected)
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", option, value);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal(expected, run.ErrorLine);
    }

    [Fact]
    public void OptionsThatDoNotApplyToTheModel()
    {
        var run = CliRun.Of("fit", "--example", "iris", "--model", "ppca", "--components", "3");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--components applies to mixtures", run.ErrorLine);

        run = CliRun.Of("fit", "--example", "iris", "--latent-dim", "2");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--latent-dim applies to ppca, fa, mfa, mppca, mcfa, vae, autoencoder and gmvae, not gmm", run.ErrorLine);

        run = CliRun.Of("fit", "--example", "iris", "--model", "fa", "--covariance", "full");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--covariance applies to gmm, mcfa and hmm only", run.ErrorLine);
    }

    [Fact]
    public void BothDataAndExampleIsAUsageError()
    {
        using var csv = new TempCsv("a,b\n1,2\n3,4\n");
        var run = CliRun.Of("fit", "--data", csv.Path, "--example", "iris");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: give either --data or --example, not both", run.ErrorLine);
    }

    [Fact]
    public void LatentDimensionTooLarge()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--model", "ppca", "--latent-dim", "2");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--latent-dim 2 must be smaller than the data dimension 2", run.ErrorLine);
    }

    [Fact]
    public void NonBinaryDataForABernoulliMixtureIsADataError()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--model", "bernoulli-mixture");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal("error: old-faithful, row 0 (line 2), column 0 'eruptions': value 3.6 is not 0 or 1, which a Bernoulli likelihood needs " +
                     "(for real values use --model gmm, ppca or fa)", run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void BackendThatCannotFitTheModelIsADataOrModelError()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--backend", "exact");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith("error: exact backend: model 'old-faithful'", run.ErrorLine);
    }

    [Fact]
    public void VerbosePrintsTheStackTrace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"problatent-missing-{Guid.NewGuid():N}.csv");
        var run = CliRun.Of("fit", "--data", path, "--model", "gmm", "--verbose");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith($"error: {path}: file not found", run.Error);
        Assert.Contains("ProbLatent.DataException", run.Error);
        Assert.Contains("   at ", run.Error);
    }

    [Fact]
    public void ErrorsNeverPrintAStackTraceWithoutVerbose()
    {
        using var csv = new TempCsv("a,b\n1,2\n3\n");
        var run = CliRun.Of("compare", "--data", csv.Path, "--model", "gmm");
        Assert.DoesNotContain("   at ", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }
}
