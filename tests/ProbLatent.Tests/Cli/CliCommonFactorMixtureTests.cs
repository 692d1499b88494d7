using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Cli;

/// <summary>The mixture of common factor analysers through the command line: <c>--model mcfa</c>.</summary>
public class CliCommonFactorMixtureTests
{
    /// <summary>Few EM iterations from one start: the tests check what the commands do with the fit, not how good it is.</summary>
    static readonly string[] s_quick = ["--seed", "1", "--restarts", "1", "--max-iterations", "40"];

    [Fact]
    public void CompareShowsEmVmpAndTheExactRowsAtTheirParametersAndSaysWhyReparameterizedRefuses()
    {
        var run = CliRun.Of(["compare", "--example", "iris", "--model", "mcfa", "--components", "3", "--latent-dim", "2", .. s_quick]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Equal("iris: c ~ Categorical(3), z ~ StandardNormal(2) given c through PerComponent(Gaussian(Full)); Linear(Gaussian(Diagonal)); observe x[4]", lines[0]);
        CliFactorMixtureTests.ExactEvaluatesEm(lines, "40");
        // VMP compiles it from its parts (the categorical's, the gate over z, the linear decoder on z's plate) and has a row.
        Assert.Contains(lines, l => l.StartsWith("│ vmp ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("│ exact at vmp's θ ", StringComparison.Ordinal));
        CliFactorMixtureTests.ExactEvaluatesVmp(lines);
        Assert.Equal(["skipped reparameterized"],
            lines.Where(l => l.StartsWith("skipped", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]));
    }

    [Fact]
    public void FitPrintsTheComponentsLatentGaussiansAndTheSharedDecoderAndSavesThemBitForBit()
    {
        using var folder = new TempFolder();
        var path = folder["mcfa.plm"];
        var run = CliRun.Of(["fit", "--example", "iris", "--model", "mcfa", "--components", "3", "--latent-dim", "2", "--covariance", "diag", "--out", path, .. s_quick]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Contains("mixture of common factor analysers: 3 components, latent dimension 2 with diagonal covariances, data dimension 4, 26 free parameters", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("    Omega (latent variances): ", StringComparison.Ordinal)));
        Assert.Single(lines, "    A (loadings, 4×2):");
        Assert.Contains($"saved the fitted MixtureOfCommonFactorAnalysers to {path}", lines);

        var saved = LatentModelFile.Load<MixtureOfCommonFactorAnalysers>(path);
        Assert.Equal((3, 2, Covariance.Diagonal), (saved.Components, saved.LatentDimension, saved.LatentCovarianceKind));
        var logLikelihood = saved.PointLogLikelihoods(Examples.Iris()).Sum();
        Assert.Contains(lines, l => l.StartsWith("log p(x) ", StringComparison.Ordinal) && l.Contains(ProbLatent.Cli.Output.Format.Total(logLikelihood)));
        var score = CliRun.Of("score", "--model", path, "--example", "iris");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Contains(ProbLatent.Cli.Output.Format.Total(logLikelihood), score.Out);
    }

    [Fact]
    public void EncodeWritesTheResponsibilitiesTheFactorsOverTheComponentsAndUnderEachAndSampleTheComponentAndFactors()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Fit(folder, "mcfa.plm", ["--example", "iris", "--model", "mcfa", "--components", "2", "--latent-dim", "2", .. s_quick]);
        var encoded = CliRun.Of("encode", "--model", path, "--example", "iris").OutCsv;
        Assert.Equal(["r0", "r1", "component", "z1", "z2", "z1_c0", "z2_c0", "z1_c1", "z2_c1"], encoded.ColumnNames);
        var posterior = (FactorMixturePosterior)LatentModelFile.Load(path).Posterior(Examples.Iris());
        var mixed = posterior.Means();
        for (int n = 0; n < 150; n++)
        {
            var row = encoded.Row(n);
            Assert.Equal(posterior.Responsibilities.Row(n).ToArray(), row[..2].ToArray());
            Assert.Equal(mixed.AsSpan(n * 4 + 2, 2).ToArray(), row[3..5].ToArray());
            Assert.Equal(posterior.Component(0).Mean(n).ToArray(), row[5..7].ToArray());
            Assert.Equal(posterior.Component(1).Mean(n).ToArray(), row[7..9].ToArray());
        }

        var sample = CliRun.Of("sample", "--model", path, "--count", "30", "--seed", "4", "--latents").OutCsv;
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "c", "z1", "z2"], sample.ColumnNames);
        var drawn = LatentModelFile.Load(path).Generate(30, new Random(4));
        Assert.Equal(drawn.Data.Values.ToArray(), Enumerable.Range(0, 30).SelectMany(n => sample.Row(n)[..4].ToArray()));
        Assert.Equal(drawn.Latents.Values.ToArray(), Enumerable.Range(0, 30).SelectMany(n => sample.Row(n)[4..].ToArray()));
    }

    [Theory]
    [InlineData("--latent-dim 4", "error: --latent-dim 4 must be smaller than the data dimension 4: mcfa explains 4 columns with fewer latent dimensions")]
    [InlineData("--covariance isotropic", "error: unknown covariance 'isotropic' for --covariance; use one of: full, diag (see 'problatent fit --help')")]
    [InlineData("--prior-components 2", "error: --prior-components applies to vae only, not mcfa")]
    public void OptionsThatDoNotSuitTheMixtureAreUsageErrors(string options, string error) =>
        CliRun.Refused(ExitCodes.UsageError, error, ["fit", "--example", "iris", "--model", "mcfa", .. options.Split(' ')]);
}
