using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary>Mixtures of factor analysers and of PPCA through the command line: <c>--model mfa|mppca</c>.</summary>
public class CliFactorMixtureTests
{
    /// <summary>Few EM iterations from one start: the tests check what the commands do with the fit, not how good it is.</summary>
    static readonly string[] s_quick = ["--seed", "1", "--restarts", "1", "--max-iterations", "40"];

    [Fact]
    public void CompareShowsEmVmpTheReparameterizedEngineAndTheExactRowsAtTheirParameters()
    {
        var run = CliRun.Of(["compare", "--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "1", "--epochs", "5", .. s_quick]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Equal("iris: c ~ Categorical(2), h ~ StandardNormal(1); PerComponent(Linear(Gaussian(Diagonal))); observe x[4]", lines[0]);
        ExactEvaluatesEm(lines, "40");
        ExactEvaluatesVmp(lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("skipped", StringComparison.Ordinal));
        // The SGD fit's parameters are a mixture of factor analysers, which Exact evaluates as it does EM's.
        Assert.Contains(lines, l => l.StartsWith("│ reparameterized ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│ exact at reparameterized's θ", StringComparison.Ordinal));
    }

    /// <summary>The README's accelerated-EM rows: on Iris, three factor analysers with one factor, 50 iterations from one start.</summary>
    [Fact]
    public void AccelerateTakesEmToItsMaximumOnIrisWhereFiftyPlainIterationsFallShort()
    {
        string[] fit = ["fit", "--example", "iris", "--model", "mfa", "--components", "3", "--latent-dim", "1", "--restarts", "1", "--seed", "1",
            "--tolerance", "1e-13", "--max-iterations", "50"];
        static string LogLikelihood(CliRun run) => Assert.Single(run.OutLines, l => l.StartsWith("log p(x)", StringComparison.Ordinal));
        var accelerated = CliRun.Of([.. fit, "--accelerate"]);
        var plain = CliRun.Of(fit);
        Assert.True(accelerated.ExitCode == ExitCodes.Success, accelerated.Error);
        Assert.Contains("-195.600 total", LogLikelihood(accelerated));
        Assert.Contains("-195.652 total", LogLikelihood(plain));

        var gmm = CliRun.Of("fit", "--example", "iris", "--model", "gmm", "--accelerate");
        Assert.Equal(ExitCodes.DataOrModelError, gmm.ExitCode);
        Assert.Contains("Accelerate (SQUAREM steps) applies to PPCA, factor analysis and the mixtures of factor analysers and of PPCA, not a Gaussian, Bernoulli or categorical mixture", gmm.Error);
        var vmp = CliRun.Of("fit", "--example", "iris", "--model", "mfa", "--backend", "vmp", "--accelerate");
        Assert.Equal(ExitCodes.UsageError, vmp.ExitCode);
        Assert.Contains("--accelerate", vmp.Error);
    }

    internal static string[] Cells(string row) => row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Exact evaluates EM's parameters: the same log p(x), and an ELBO at the exact posterior equal to it; EM ran its iterations.</summary>
    internal static void ExactEvaluatesEm(IReadOnlyList<string> lines, string iterations)
    {
        var em = Cells(Assert.Single(lines, l => l.StartsWith("│ em ", StringComparison.Ordinal)));
        var exact = Cells(Assert.Single(lines, l => l.StartsWith("│ exact at em's θ ", StringComparison.Ordinal)));
        Assert.Equal(em[1], exact[1]);
        Assert.Equal(exact[1], exact[3]);
        Assert.Equal(iterations, em[7]);
    }

    /// <summary>VMP reports the log-likelihood at its posterior means, which Exact evaluates, and its ELBO (θ integrated) below it.</summary>
    internal static void ExactEvaluatesVmp(IReadOnlyList<string> lines)
    {
        var vmp = Cells(Assert.Single(lines, l => l.StartsWith("│ vmp ", StringComparison.Ordinal)));
        var exactAtVmp = Cells(Assert.Single(lines, l => l.StartsWith("│ exact at vmp's θ ", StringComparison.Ordinal)));
        Assert.Equal(vmp[1], exactAtVmp[1]);
        Assert.True(double.Parse(vmp[3], System.Globalization.CultureInfo.InvariantCulture) < double.Parse(vmp[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FitPrintsEachComponentsParametersAndSavesThemBitForBit()
    {
        using var folder = new TempFolder();
        var path = folder["mppca.plm"];
        var run = CliRun.Of(["fit", "--example", "iris", "--model", "mppca", "--components", "3", "--latent-dim", "2", "--out", path, .. s_quick]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        // 2 free weights, and per component 4×2 loadings less the 1 rotation of a 2-D latent, 4 means and 1 noise variance.
        Assert.Contains("mixture of probabilistic PCA: 3 components, latent dimension 2, data dimension 4, 38 free parameters", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("    noise variance σ²: ", StringComparison.Ordinal)));
        Assert.Contains("    W (loadings, 4×2):", lines);
        Assert.Contains($"saved the fitted MixtureOfProbabilisticPca to {path}", lines);

        var saved = LatentModelFile.Load<MixtureOfFactorAnalysers>(path);
        Assert.True(saved.IsIsotropic);
        Assert.Equal((3, 2), (saved.Components, saved.LatentDimension));
        var logLikelihood = saved.PointLogLikelihoods(Examples.Iris()).Sum();
        Assert.Contains(lines, l => l.StartsWith("log p(x) ", StringComparison.Ordinal) && l.Contains(ProbLatent.Cli.Output.Format.Total(logLikelihood)));
    }

    [Fact]
    public void VmpFitPrintsThePosteriorPerComponentAndSavesItsMeansWhichScoreAndEncodeRead()
    {
        using var folder = new TempFolder();
        var path = folder["mfa-vmp.plm"];
        var run = CliRun.Of(["fit", "--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "1", "--backend", "vmp", "--out", path, .. s_quick]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Contains(lines, l => l.StartsWith("posterior over the parameters: q(π) Dirichlet, per component q(W rows) Gaussian", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("    E[α] (ARD; large switches a column of W off): ", StringComparison.Ordinal)));
        Assert.Contains($"saved the fitted MixtureOfFactorAnalysers (the posterior means) to {path}", lines);

        var saved = LatentModelFile.Load<MixtureOfFactorAnalysers>(path);
        Assert.False(saved.IsIsotropic);
        var score = CliRun.Of("score", "--model", path, "--example", "iris");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Contains("at the posterior means of a vmp fit", score.Out);
        Assert.Contains(ProbLatent.Cli.Output.Format.Total(saved.PointLogLikelihoods(Examples.Iris()).Sum()), score.Out);
        var encoded = CliRun.Of("encode", "--model", path, "--example", "iris").OutCsv;
        Assert.Equal(["r0", "r1", "component", "h1_c0", "h1_c1"], encoded.ColumnNames);
    }

    [Fact]
    public void SampleWritesTheComponentAndTheFactorsThatDrewEachRow()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Fit(folder, "mfa.plm", ["--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "2", .. s_quick]);
        var run = CliRun.Of("sample", "--model", path, "--count", "50", "--seed", "4", "--latents");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var sample = run.OutCsv;
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "c", "h1", "h2"], sample.ColumnNames);
        // The library's draws with the same seed, to the last digit.
        var drawn = LatentModelFile.Load(path).Generate(50, new Random(4));
        Assert.Equal(drawn.Data.Values.ToArray(), Enumerable.Range(0, 50).SelectMany(n => sample.Row(n)[..4].ToArray()));
        Assert.Equal(drawn.Latents.Values.ToArray(), Enumerable.Range(0, 50).SelectMany(n => sample.Row(n)[4..].ToArray()));
        Assert.All(Enumerable.Range(0, 50), n => Assert.True(sample[n, 4] is 0 or 1));
    }

    [Fact]
    public void EncodeWritesTheResponsibilitiesTheMostProbableComponentAndTheFactorsUnderEachComponent()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Fit(folder, "mfa.plm", ["--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "2", .. s_quick]);
        var run = CliRun.Of("encode", "--model", path, "--example", "iris");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var encoded = run.OutCsv;
        Assert.Equal(["r0", "r1", "component", "h1_c0", "h2_c0", "h1_c1", "h2_c1"], encoded.ColumnNames);
        Assert.Equal(150, encoded.Rows);

        var posterior = (FactorMixturePosterior)LatentModelFile.Load(path).Posterior(Examples.Iris());
        var mostProbable = posterior.Responsibilities.MostProbable();
        Assert.Contains(mostProbable, k => k == 0);
        Assert.Contains(mostProbable, k => k == 1);
        for (int n = 0; n < 150; n++)
        {
            var row = encoded.Row(n);
            Assert.Equal(posterior.Responsibilities.Row(n).ToArray(), row[..2].ToArray());
            Assert.Equal(mostProbable[n], row[2]);
            Assert.Equal(posterior.Component(0).Mean(n).ToArray(), row[3..5].ToArray());
            Assert.Equal(posterior.Component(1).Mean(n).ToArray(), row[5..7].ToArray());
        }
    }

    [Fact]
    public void EncoderHiddenGivesTheReparameterizedGuideATrunkAndIsRefusedForExactPosteriors()
    {
        string[] fit = ["fit", "--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "1", "--encoder-hidden", "8"];
        var run = CliRun.Of([.. fit, "--backend", "reparameterized", "--epochs", "3", "--seed", "1"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("model             iris: c ~ Categorical(2), h ~ StandardNormal(1); PerComponent(Linear(Gaussian(Diagonal))); observe x[4]; guide Encoder.Mlp([8], Tanh)",
            run.OutLines[0]);
        // The trunk changes the fit: the same seed without it trains another guide.
        var linear = CliRun.Of("fit", "--example", "iris", "--model", "mfa", "--components", "2", "--latent-dim", "1", "--backend", "reparameterized", "--epochs", "3", "--seed", "1");
        Assert.NotEqual(Assert.Single(linear.OutLines, l => l.StartsWith("ELBO", StringComparison.Ordinal)), Assert.Single(run.OutLines, l => l.StartsWith("ELBO", StringComparison.Ordinal)));
        foreach (var backend in new[] { "em", "vmp" })
            CliRun.Refused(ExitCodes.UsageError, $"error: --encoder-hidden sizes the guide --backend reparameterized trains for mfa; {backend} computes q(c, h | x) exactly and has none",
                [.. fit, "--backend", backend]);
        CliRun.Refused(ExitCodes.UsageError, "error: --encoder-hidden applies to sbn --hidden, mfa and mppca only, not gmm", ["fit", "--example", "iris", "--model", "gmm", "--encoder-hidden", "8"]);
    }

    [Theory]
    [InlineData("--covariance diag", "error: --covariance applies to gmm, mcfa and hmm only (mfa has diagonal noise in each component)")]
    [InlineData("--latent-dim 4", "error: --latent-dim 4 must be smaller than the data dimension 4: mfa explains 4 columns with fewer latent dimensions")]
    [InlineData("--prior-components 2", "error: --prior-components applies to vae only, not mfa")]
    public void OptionsThatDoNotSuitTheMixtureAreUsageErrors(string options, string error) =>
        CliRun.Refused(ExitCodes.UsageError, error, ["fit", "--example", "iris", "--model", "mfa", .. options.Split(' ')]);
}
