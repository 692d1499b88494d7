using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary><c>--missing</c>: empty cells and NaN read as missing at random, fitted and scored by marginalising them, and <c>encode --impute</c>.</summary>
public class CliMissingTests
{
    /// <summary>Old Faithful as CSV with every seventh row's waiting time empty and every eleventh row's eruption NaN (but not both).</summary>
    static string WithGaps(TempFolder folder)
    {
        var data = Examples.OldFaithful();
        var lines = new List<string> { string.Join(",", data.ColumnNames) };
        for (int n = 0; n < data.Rows; n++)
        {
            string eruption = n % 11 == 5 && n % 7 != 3 ? "NaN" : data[n, 0].ToString("R", CultureInfo.InvariantCulture);
            string waiting = n % 7 == 3 ? "" : data[n, 1].ToString("R", CultureInfo.InvariantCulture);
            lines.Add($"{eruption},{waiting}");
        }
        var path = folder["gaps.csv"];
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void WithoutMissingAnEmptyCellIsOneErrorLineSayingHowToAllowIt()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {path}, row 3 (line 5), column 1 'waiting': the cell is empty (missing values are refused unless allowed: --missing, or MissingValues.AtRandom); " +
            "leave the column out with --drop waiting, or choose the columns to read with --columns",
            "fit", "--data", path, "--model", "gmm", "--seed", "1");
    }

    [Fact]
    public void CompareWithMissingCellsRunsTheBackendsThatMarginaliseThemAndListsTheOthersAsSkipped()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        // VMP for a mixture of common factor analysers does not marginalise them; EM does.
        var run = CliRun.Of("compare", "--data", path, "--missing", "--model", "mcfa", "--components", "2", "--latent-dim", "1", "--seed", "1",
            "--backends", "em,vmp");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("vmp: does not marginalise missing cells for model", run.Out);
    }

    [Fact]
    public void CompareWithMissingCellsThatNoBackendMarginalisesNamesEveryBackendsReasonExactsToo()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var run = CliRun.Of("compare", "--data", path, "--missing", "--model", "ppca", "--latent-dim", "1", "--seed", "1", "--backends", "exact,reparameterized");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Contains("no backend can run model 'gaps'", run.ErrorLine);
        Assert.Contains("exact: does not marginalise missing cells", run.ErrorLine);
        Assert.Contains("reparameterized: does not marginalise missing cells", run.ErrorLine);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("diagonal")]
    public void CompareOfAMixtureWithMissingCellsRunsVmpBesideEmAndEvaluatesBothExactly(string covariance)
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var run = CliRun.Of("compare", "--data", path, "--missing", "--model", "gmm", "--covariance", covariance, "--seed", "1", "--backends", "exact,em,vmp");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("exact at vmp's θ", run.Out);
        Assert.Contains("exact at em's θ", run.Out);
        Assert.DoesNotContain("does not marginalise", run.Out);
    }

    /// <summary>Factor analysis and a mixture of factor analysers: VMP marginalises the missing cells beside EM, and Exact evaluates both fits so.</summary>
    [Theory]
    [InlineData("fa")]
    [InlineData("mfa")]
    public void CompareOfFactorAnalysersWithMissingCellsRunsVmpBesideEmAndEvaluatesBothExactly(string kind)
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        string[] components = kind == "mfa" ? ["--components", "2"] : [];
        var run = CliRun.Of(["compare", "--data", path, "--missing", "--model", kind, .. components, "--latent-dim", "1", "--seed", "1", "--backends", "exact,em,vmp"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("exact at vmp's θ", run.Out);
        Assert.Contains("exact at em's θ", run.Out);
        Assert.DoesNotContain("does not marginalise", run.Out);
    }

    [Fact]
    public void CompareOfPpcaWithMissingCellsRunsEmWhichMarginalisesThemAndEvaluatesItsFitExactly()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var run = CliRun.Of("compare", "--data", path, "--missing", "--model", "ppca", "--latent-dim", "1", "--seed", "1", "--backends", "exact,em");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        // Exact has no closed form here, so it evaluates EM's parameters, marginalising the same cells.
        Assert.Contains("exact at em's θ", run.Out);
        Assert.DoesNotContain("does not marginalise", run.Out);
    }

    [Fact]
    public void FitScoreAndEncodeImputeMarginaliseTheMissingCellsAsTheLibraryDoes()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var model = SavedModels.Fit(folder, "gaps.plm", "--data", path, "--missing", "--model", "gmm", "--seed", "1");
        var data = Csv.Read(path, missing: MissingValues.AtRandom);
        var fitted = (GaussianMixture)LatentModelFile.Load(model);

        var score = CliRun.Of("score", "--model", model, "--data", path, "--missing", "--per-row");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Equal(fitted.PointLogLikelihoods(data), Enumerable.Range(0, data.Rows).Select(n => score.OutCsv[n, 1]));

        var impute = CliRun.Of("encode", "--model", model, "--data", path, "--impute");
        Assert.True(impute.ExitCode == ExitCodes.Success, impute.Error);
        var imputed = impute.OutCsv;
        Assert.Equal(data.ColumnNames, imputed.ColumnNames);
        Assert.False(imputed.HasMissing);
        Assert.Equal(fitted.Impute(data).Values.ToArray(), imputed.Values.ToArray());
        Assert.Equal(data[0, 0], imputed[0, 0]);
        Assert.NotEqual(imputed[3, 1], imputed[10, 1]);
    }

    /// <summary>A VMP fit of factor analysis saves the model at its posterior means, which scores and imputes the missing cells as the library's does.</summary>
    [Fact]
    public void EncodeImputeFillsTheMissingCellsUnderAVmpFactorAnalysisFit()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var model = SavedModels.Fit(folder, "fa.plm", "--data", path, "--missing", "--model", "fa", "--latent-dim", "1", "--backend", "vmp", "--seed", "1");
        var data = Csv.Read(path, missing: MissingValues.AtRandom);
        var fitted = (LinearGaussianModel)LatentModelFile.Load(model);
        var impute = CliRun.Of("encode", "--model", model, "--data", path, "--impute");
        Assert.True(impute.ExitCode == ExitCodes.Success, impute.Error);
        Assert.False(impute.OutCsv.HasMissing);
        Assert.Equal(fitted.Impute(data).Values.ToArray(), impute.OutCsv.Values.ToArray());
        Assert.NotEqual(impute.OutCsv[3, 1], impute.OutCsv[10, 1]);
    }

    [Fact]
    public void FitOfABernoulliMixtureByVmpWithMissingPixelsMarginalisesThem()
    {
        using var folder = new TempFolder();
        var path = folder["bits.csv"];
        File.WriteAllText(path, "a,b,c\n1,0,1\n0,,0\n1,1,\n0,0,0\n1,,1\n0,1,0\n1,1,1\n,0,0\n");
        var run = CliRun.Of("fit", "--data", path, "--missing", "--model", "bernoulli-mixture", "--components", "2", "--backend", "vmp", "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Matches(@"ELBO\s+-\d+\.\d+ total", run.Out);
        var refused = CliRun.Of("fit", "--data", path, "--model", "bernoulli-mixture", "--components", "2", "--backend", "vmp", "--seed", "1");
        Assert.Equal(ExitCodes.DataOrModelError, refused.ExitCode);
    }

    [Fact]
    public void ABackendOrModelThatDoesNotMarginaliseMissingCellsIsOneErrorLineNamingIt()
    {
        using var folder = new TempFolder();
        var path = WithGaps(folder);
        var vmp = CliRun.Of("fit", "--data", path, "--missing", "--model", "mcfa", "--components", "2", "--latent-dim", "1", "--backend", "vmp", "--seed", "1");
        Assert.Equal(ExitCodes.DataOrModelError, vmp.ExitCode);
        Assert.True(vmp.ErrorLine.Contains("the vmp backend for model 'gaps' does not marginalise missing cells"), vmp.ErrorLine);
        var ppca = CliRun.Of("fit", "--data", path, "--missing", "--model", "ppca", "--latent-dim", "1", "--backend", "exact");
        Assert.Equal(ExitCodes.DataOrModelError, ppca.ExitCode);
        Assert.Contains("the exact backend for model 'gaps' does not marginalise missing cells", ppca.ErrorLine);
        var (saved, _) = SavedModels.Boolean(folder);
        var impute = CliRun.Of("encode", "--model", saved, "--data", path, "--impute");
        Assert.Equal(ExitCodes.UsageError, impute.ExitCode);
        Assert.Contains("--impute fills missing cells under a gmm, bernoulli-mixture, ppca, fa, mfa, mppca or mcfa", impute.ErrorLine);
    }
}
