using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Tests.Plotting;

namespace ProbLatent.Tests.Cli;

/// <summary><c>problatent select</c>, run in-process.</summary>
public class CliSelectTests
{
    /// <summary>The table's row for one size, its cells trimmed.</summary>
    static string[] Row(CliRun run, int size) =>
        Assert.Single(run.OutLines, l => l.StartsWith($"│ {size} ", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries)[1..^1];

    static string[] Headers(CliRun run) =>
        run.OutLines.First(l => l.StartsWith("│ ", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries)[1..^1];

    [Fact]
    public void OldFaithfulGetsATableOfTheCriteriaWithTheBestMarked()
    {
        var run = CliRun.Of("select", "--example", "old-faithful", "--components", "1..3", "--seed", "1", "--restarts", "3");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("", run.Error);
        Assert.StartsWith("select: gmm with K = 1..3, by em; the first model: old-faithful: z ~ Categorical(1)", run.OutLines[0]);
        Assert.Equal("data: old-faithful, 272 points × 2 columns (eruptions, waiting)", run.OutLines[1]);
        Assert.Equal(["K", "log L", "parameters", "BIC", "AIC", "ICL", "iterations", "converged"], Headers(run));
        // mclust's VVV values at K = 1 and 2 (see MclustReferenceTests); the best BIC and ICL are K = 2's, the best AIC K = 3's.
        Assert.Equal(["1", "-1289.797", "5", "-2607.623", "-2589.593", "-2607.623", "1", "yes"], Row(run, 1));
        Assert.Equal(["2", "-1130.264", "11", "-2322.192 *", "-2282.528", "-2322.705 *"], Row(run, 2)[..6]);
        Assert.Equal("-2262.880 *", Row(run, 3)[4]);
        Assert.Contains("best: BIC K = 2, AIC K = 3, ICL K = 2 (marked *)", run.OutLines);
        Assert.Contains("criteria: larger is better (mclust's convention): BIC = 2 log L − p log n, AIC = 2 log L − 2p; scikit-learn's bic and aic are the negatives, " +
                        "where smaller is better; n = 272, p = the free parameters; ICL = BIC + 2 Σₙ log ẑₙ, ẑₙ point n's largest responsibility (mclust's icl)", run.OutLines);
    }

    [Fact]
    public void AnHmmIsSelectedByItsStatesWithTheChainsIcl()
    {
        var run = CliRun.Of("select", "--example", "nile", "--model", "hmm", "--states", "1..3", "--seed", "1", "--restarts", "10", "--regularization", "0.01");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.StartsWith("select: hmm with K = 1..3, by em", run.OutLines[0]);
        Assert.Equal(["K", "log L", "parameters", "BIC", "AIC", "ICL", "iterations", "converged"], Headers(run));
        Assert.Equal(["2", "-629.804", "7"], Row(run, 2)[..3]);
        Assert.Contains("best: BIC K = 2, AIC K = 2, ICL K = 2 (marked *)", run.OutLines);
        Assert.Contains(run.OutLines, l => l.EndsWith("; " + ProbLatent.Selection.InformationCriteria.ChainIclDefinition, StringComparison.Ordinal));
    }

    [Fact]
    public void AnHmmIsSelectedOverTheSequencesASequenceColumnTellsApart()
    {
        var truth = new ProbLatent.LatentModels.HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.2, 0.8],
            new ProbLatent.LatentModels.GaussianMixture([0.5, 0.5], [-3, 3], [1, 1], 1, ProbLatent.Modeling.Covariance.Diagonal));
        var drawn = truth.GenerateSequences([60, 40], new Random(2));
        var text = "run,x\n" + string.Join("\n", Enumerable.Range(0, 100).Select(n => $"{(n < 60 ? "a" : "b")},{drawn.Data.Steps[n, 0]:R}")) + "\n";
        using var csv = new TempCsv(text);
        var run = CliRun.Of("select", "--data", csv.Path, "--model", "hmm", "--covariance", "diag", "--sequence-column", "run", "--states", "1..3", "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.EndsWith("100 points × 1 column (x)", run.OutLines[1]);
        // K − 1 + K(K − 1) + 2K with a diagonal Gaussian's mean and variance per state.
        Assert.Equal(["2", "7", "14"], new[] { 1, 2, 3 }.Select(k => Row(run, k)[2]));
        Assert.Contains("best: BIC K = 2", run.Out);
        Assert.Contains("n = 100", run.Out);
    }

    [Fact]
    public void AnHmmsStatesAreNotComponents()
    {
        var run = CliRun.Of("select", "--example", "nile", "--model", "hmm", "--components", "1..2");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--components applies to mixtures; an hmm's chain is sized by --states", run.Error);
    }

    [Fact]
    public void PpcaIsSelectedByItsLatentDimensionWithNoIcl()
    {
        var run = CliRun.Of("select", "--example", "iris", "--model", "ppca", "--backend", "exact");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        // The default: 1 to one below the data's 4 columns.
        Assert.Equal(["1", "2", "3"], run.OutLines.Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && char.IsDigit(l[2])).Select(l => l[2].ToString()));
        Assert.Equal(["Q", "log L", "parameters", "BIC", "AIC", "iterations", "converged"], Headers(run));
        Assert.Equal("9", Row(run, 1)[2]);
        Assert.Contains("best: BIC Q = 3, AIC Q = 3 (marked *)", run.OutLines);
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith("criteria: ", StringComparison.Ordinal) && l.Contains("ICL", StringComparison.Ordinal));
    }

    [Fact]
    public void VmpAddsItsElboAndTheComponentsItsPosteriorEmptied()
    {
        // Infer.NET's unit priors, given: under the data-scaled defaults VMP keeps all three components here.
        var run = CliRun.Of("select", "--example", "old-faithful", "--components", "1..3", "--backend", "vmp", "--seed", "1", "--restarts", "1",
            "--prior-mean-precision", "0.01", "--prior-wishart-shape", "2", "--prior-wishart-scale", "0.5");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(["K", "log L", "parameters", "BIC", "AIC", "ICL", "ELBO", "emptied", "iterations", "converged"], Headers(run));
        // Old Faithful needs two components: VMP's posterior empties the third.
        Assert.Equal(["0", "0", "1"], new[] { 1, 2, 3 }.Select(k => Row(run, k)[7]));
        Assert.Contains(run.OutLines, l => l.StartsWith("vmp: log L and the criteria are at the posterior means; the ELBO bounds the evidence", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("emptied: the components the fit's q(z) gives less than 1 point in expectation", StringComparison.Ordinal));
        Assert.Equal("best: BIC K = 2, AIC K = 2, ICL K = 2, ELBO K = 2 (marked *)", Assert.Single(run.OutLines, l => l.StartsWith("best: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheReportHasTheTableTheCriteriaPlotAndTheBestModelsClusters()
    {
        using var folder = new TempFolder();
        var report = folder["report"];
        var run = CliRun.Of("select", "--example", "old-faithful", "--components", "1..3", "--seed", "1", "--restarts", "2", "--report", report);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal($"report: {Path.Combine(report, "report.html")} (table.md, criteria.svg, clusters-best-K2.svg, report.html)", run.OutLines[^2]);
        var table = File.ReadAllText(Path.Combine(report, "table.md"));
        Assert.Contains("| K | log L | parameters | BIC | AIC | ICL | iterations | converged |", table);
        Assert.Contains("| 2 | -1130.264 | 11 | -2322.192 * |", table);
        var svg = SvgAssert.ParseFile(Path.Combine(report, "criteria.svg"));
        var texts = SvgAssert.Texts(svg);
        Assert.Contains("BIC", texts);
        Assert.Contains("ICL", texts);
        Assert.Contains("best by BIC: 2", texts);
        Assert.Contains("components (K)", texts);
        var page = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("criteria.svg", page);
        Assert.Contains("The best by BIC: K = 2", page);
    }

    [Theory]
    [InlineData("1..0", "error: --components 1..0 is empty: it ends at 0, below its start 1; give FROM..TO with FROM ≤ TO, such as 1..4 (see 'problatent select --help')")]
    [InlineData("0", "error: --components 0: a model has at least 1 component, so the range starts at 1 or above (see 'problatent select --help')")]
    [InlineData("0..3", "error: --components 0..3: a model has at least 1 component, so the range starts at 1 or above (see 'problatent select --help')")]
    [InlineData("a..b", "error: --components expects a range of whole numbers FROM..TO (such as 1..4) or one number, got 'a..b' (see 'problatent select --help')")]
    [InlineData("1..", "error: --components expects a range of whole numbers FROM..TO (such as 1..4) or one number, got '1..' (see 'problatent select --help')")]
    [InlineData("1...3", "error: --components expects a range of whole numbers FROM..TO (such as 1..4) or one number, got '1...3' (see 'problatent select --help')")]
    [InlineData("-1..2", "error: --components expects a range of whole numbers FROM..TO (such as 1..4) or one number, got '-1..2' (see 'problatent select --help')")]
    [InlineData("1..5000", "error: --components 1..5000 names 5,000 sizes, each a fit with restarts; give at most 1,000 (see 'problatent select --help')")]
    public void ARangeThatNamesNoSizesIsOneClearLine(string range, string error) =>
        CliRun.Refused(ExitCodes.UsageError, error, "select", "--example", "old-faithful", "--components", range);

    [Theory]
    [InlineData("error: --latent-dim applies to ppca, fa, mfa, mppca, mcfa, vae, autoencoder and gmvae, not gmm; use --components", "select", "--example", "old-faithful", "--latent-dim", "1..2")]
    [InlineData("error: --components applies to mixtures (gmm, bernoulli-mixture, categorical-mixture, mfa, mppca, mcfa and gmvae), not ppca; use --latent-dim", "select", "--example", "iris", "--model", "ppca", "--components", "1..2")]
    [InlineData("error: --latent-dim 4 must be smaller than the data dimension 4: ppca explains 4 columns with fewer latent dimensions", "select", "--example", "iris", "--model", "ppca", "--latent-dim", "2..4")]
    [InlineData("error: select compares models by their exact log-likelihood, which a vae has not: train one with 'problatent fit --model vae'", "select", "--example", "iris", "--model", "vae")]
    [InlineData("error: unknown backend for select 'reparameterized' for --backend; use one of: em, vmp, exact (see 'problatent select --help')", "select", "--example", "iris", "--backend", "reparameterized")]
    [InlineData("error: select chooses a mixture's components, the latent dimension of ppca or fa or an hmm's states, not the layers of sbn: compare sizes with 'problatent fit'",
        "select", "--example", "iris", "--model", "sbn")]
    [InlineData("error: --model is required with --data: one of gmm, bernoulli-mixture, categorical-mixture, ppca, fa, mfa, mppca, mcfa, vae, autoencoder, sbn, rbm, hmm, dbn, gmvae", "select", "--data", "x.csv")]
    public void OptionsThatDoNotGoTogetherAreUsageErrors(string error, params string[] args) => CliRun.Refused(ExitCodes.UsageError, error, args);

    [Fact]
    public void DataTheModelCannotTakeIsOneLineAndExitCodeOne()
    {
        // Exact inference has no closed-form fit of a mixture: the backend's reason, once, before any table.
        var run = CliRun.Of("select", "--example", "old-faithful", "--components", "1..2", "--backend", "exact");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith("error: exact", run.ErrorLine);
        using var csv = new TempCsv("a,b\n1,2\n3,5\n4,4\n");
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {csv.Path}: has 3 rows, fewer than the 4 components of latent 'z'",
            "select", "--data", csv.Path, "--model", "gmm", "--components", "4");
    }

    [Fact]
    public void CtrlCPrintsTheSizesFinishedAndWritesNoReport()
    {
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["select", "--example", "old-faithful", "--components", "1..3", "--report", folder["report"]], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("error: cancelled during the fit of K = 1, which is left out (unfinished); K = 2, 3 did not run; no report was written", stderr.ToString().TrimEnd());
        Assert.Empty(Directory.GetFiles(folder["report"]));
    }
}
