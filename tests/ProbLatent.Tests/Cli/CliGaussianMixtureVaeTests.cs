using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Data;
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

        // encode writes q(c | x), its most probable component and E_q[z | x], the encoder's own numbers.
        var codes = folder["codes.csv"];
        var encode = CliRun.Of(["encode", "--model", model, "--data", folder["test.bin"], "--out", codes]);
        Assert.True(encode.ExitCode == ExitCodes.Success, encode.Error);
        var lines = File.ReadAllLines(codes);
        Assert.Equal("r0,r1,r2,component,z1,z2", lines[0]);
        var expected = loaded.EncodeComponents(BinarizedMnist.Read(folder["test.bin"]));
        Assert.Equal(expected.Count + 1, lines.Length);
        var means = expected.Means();
        for (int n = 0; n < expected.Count; n++)
        {
            var cells = lines[n + 1].Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            var q = expected.Responsibilities.Row(n);
            for (int k = 0; k < 3; k++) Assert.Equal(q[k], cells[k], 12);
            Assert.Equal(expected.Responsibilities.MostProbable()[n], (int)cells[3]);
            Assert.Equal(means[n * 2], cells[4], 12);
            Assert.Equal(means[n * 2 + 1], cells[5], 12);
        }
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
