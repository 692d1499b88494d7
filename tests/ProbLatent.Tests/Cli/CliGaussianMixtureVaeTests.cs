using ProbLatent.Cli;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary><c>fit --model gmvae</c> and <c>score</c> of what it saved, on the tiny binarized-MNIST files of <see cref="TempMnist"/>.</summary>
public class CliGaussianMixtureVaeTests
{
    [Fact]
    public void FitTrainsAGaussianMixtureVaeThatScoreEstimates()
    {
        using var folder = TempMnist.Folder();
        var model = folder["gmvae.plm"];
        var fit = CliRun.Of(["fit", "--model", "gmvae", "--components", "3", "--data", folder.Path, "--hidden", "16", "--latent-dim", "2",
            "--seed", "1", "--epochs", "2", "--iwae-eval", "20", "--out", model]);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains(fit.OutLines, l => l.StartsWith("network ", StringComparison.Ordinal) && l.Contains("categorical c of 3 summed out"));
        Assert.Contains(fit.OutLines, l => l.Contains("encoder q(c|x) q(z|x,c)"));
        Assert.Contains(fit.OutLines, l => l.StartsWith("test log p(x) ", StringComparison.Ordinal) && l.Contains("IWAE-20"));

        var loaded = VariationalAutoencoder.Load(model);
        Assert.True(loaded.HasCategorical);
        Assert.Equal(3, loaded.Architecture.PriorComponents);
        var score = CliRun.Of(["score", "--model", model, "--data", folder["test.bin"], "--iwae-eval", "10"]);
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Contains(score.OutLines, l => l.StartsWith("log p(x) ", StringComparison.Ordinal) && l.Contains("IWAE-10"));
    }

    [Fact]
    public void FitRefusesAGaussianMixtureVaeOnABackendWithoutARuleForIt()
    {
        using var folder = TempMnist.Folder();
        var run = CliRun.Of(["fit", "--model", "gmvae", "--components", "3", "--data", folder.Path, "--backend", "em"]);
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("gmvae", run.Error);
    }
}
