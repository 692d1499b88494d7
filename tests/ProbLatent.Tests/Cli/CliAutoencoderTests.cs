using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.LatentModels;
using ProbLatent.Tests.Plotting;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>fit --model autoencoder</c> on tiny binarized-MNIST files: its reconstruction per epoch and per set instead of an
/// ELBO, its saved model with <c>encode</c> and <c>sample</c>, and a report with a saved VAE's latent scatter beside its own.
/// </summary>
public class CliAutoencoderTests
{
    static readonly string[] Tiny = ["--hidden", "16", "--latent-dim", "2", "--seed", "1"];

    static CliRun Fit(string model, string data, params string[] extra) =>
        CliRun.Of(["fit", "--model", model, "--data", data, .. Tiny, .. extra]);

    [Fact]
    public void FitPrintsTheReconstructionPerEpochAndPerSetAndNoElboOrLogLikelihood()
    {
        using var folder = TempMnist.Folder(validation: true);
        var run = Fit("autoencoder", folder.Path, "--epochs", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Contains(lines, l => l.StartsWith("model ", StringComparison.Ordinal) && l.EndsWith("guide Encoder.Mlp([16], Tanh).PointMass()", StringComparison.Ordinal));
        var header = Assert.Single(lines, l => l.TrimStart().StartsWith("epoch ", StringComparison.Ordinal));
        foreach (var column in new[] { "train log p(x|ẑ)", "valid log p(x|ẑ)", "test log p(x|ẑ)" }) Assert.Contains(column, header);
        Assert.DoesNotContain("KL", header);
        int first = Array.IndexOf(lines.ToArray(), header);
        var keptRow = lines[first + 2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2", keptRow[0]);
        Assert.All(keptRow.Skip(1).Take(3), c => Assert.True(double.Parse(c, CultureInfo.InvariantCulture) < 0));

        var kept = Assert.Single(lines, l => l.StartsWith("kept ", StringComparison.Ordinal));
        Assert.Contains("the best validation reconstruction", kept);
        Assert.Contains(lines, l => l.StartsWith("train log p(x|ẑ) ", StringComparison.Ordinal) && l.Contains("(all 200 rows; the codes ẑ = f(x), no ELBO)"));
        Assert.Contains(lines, l => l.StartsWith("test log p(x|ẑ) ", StringComparison.Ordinal) && l.Contains("(all 100 rows"));
        Assert.DoesNotContain(lines, l => l.Contains("ELBO  ", StringComparison.Ordinal) || l.Contains("IWAE", StringComparison.Ordinal));
        Assert.Contains("plain autoencoder: latent dimension 2, data dimension 64", run.Out);
        Assert.Contains("  no prior: trained on the reconstruction log-likelihood alone", lines);
    }

    [Fact]
    public void ASavedAutoencoderEncodesToItsCodesAndRefusesToSample()
    {
        using var folder = TempMnist.Folder();
        var model = folder["ae.plm"];
        Assert.Equal(ExitCodes.Success, Fit("autoencoder", folder.Path, "--epochs", "1", "--out", model).ExitCode);
        var autoencoder = Assert.IsType<Autoencoder>(ProbLatent.Files.LatentModelFile.Load(model));

        var encode = CliRun.Of("encode", "--model", model, "--data", folder["test.bin"]);
        Assert.True(encode.ExitCode == ExitCodes.Success, encode.Error);
        Assert.Equal("z1,z2", encode.OutLines[0]);
        var codes = autoencoder.Encode(ProbLatent.Data.BinarizedMnist.Read(folder["test.bin"])).Means();
        Assert.Equal(codes[0], double.Parse(encode.OutLines[1].Split(',')[0], CultureInfo.InvariantCulture));

        var sample = CliRun.Of("sample", "--model", model, "--count", "3");
        Assert.Equal(ExitCodes.UsageError, sample.ExitCode);
        Assert.Equal($"error: {model} holds a plain autoencoder, which cannot be sampled: {Autoencoder.NotGenerative}", sample.ErrorLine);
        CliRun.Refused(ExitCodes.UsageError, $"error: {model} holds a plain autoencoder, which has no log-likelihood to score: {Autoencoder.NotGenerative}",
            "score", "--model", model, "--data", folder["test.bin"]);
    }

    [Fact]
    public void TheReportDrawsASavedVaesLatentScatterBesideTheAutoencoders()
    {
        using var data = TempMnist.Folder();
        var vae = data["vae.plm"];
        Assert.Equal(ExitCodes.Success, Fit("vae", data.Path, "--epochs", "1", "--iwae-eval", "0", "--out", vae).ExitCode);
        var folder = Path.Combine(data.Path, "report");
        var run = Fit("autoencoder", data.Path, "--epochs", "2", "--report", folder, "--beside", vae);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var files = new[] { "elbo-trace.svg", "latent.svg", "latent-beside.svg", "report.html" };
        Assert.Equal($"report: {Path.Combine(folder, "report.html")} ({string.Join(", ", files)})", run.OutLines.Last(l => l.Length > 0));

        Assert.Contains("the code z = f(x) for all 100 rows", File.ReadAllText(Path.Combine(folder, "latent.svg")));
        Assert.Contains("the mean of q(z | x) for all 100 rows", File.ReadAllText(Path.Combine(folder, "latent-beside.svg")));
        var trace = SvgAssert.Texts(SvgAssert.ParseFile(Path.Combine(folder, "elbo-trace.svg")));
        Assert.Contains("test log p(x|ẑ)", trace);
        Assert.DoesNotContain(trace, t => t.Contains("ELBO", StringComparison.Ordinal));
        var page = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<div class=\"beside\">\n<figure><img src=\"latent.svg\"", page);
        Assert.Contains("<img src=\"latent-beside.svg\" alt=\"vae.plm, a variational autoencoder", page);
    }

    [Fact]
    public void WhatAnAutoencoderDoesNotHaveIsAUsageError()
    {
        using var data = TempMnist.Folder();
        CliRun.Refused(ExitCodes.UsageError,
            "error: --prior-components applies to vae only: an autoencoder is trained on reconstruction alone, so a learned prior would never be fitted",
            "fit", "--model", "autoencoder", "--data", data.Path, "--prior-components", "3");
        CliRun.Refused(ExitCodes.UsageError, "error: --samples applies to vae only: an autoencoder's point-mass guide draws no z",
            "fit", "--model", "autoencoder", "--data", data.Path, "--samples", "3");
        CliRun.Refused(ExitCodes.UsageError, $"error: --iwae-eval applies to vae only: an autoencoder has no log-likelihood to estimate ({Autoencoder.NotGenerative})",
            "fit", "--model", "autoencoder", "--data", data.Path, "--iwae-eval", "10");
        CliRun.Refused(ExitCodes.UsageError, "error: --beside draws latent scatters, which need a 2-D latent: give --latent-dim 2 (this run's latent has 50 dimensions)",
            "fit", "--model", "autoencoder", "--data", data.Path, "--report", data["r"], "--beside", data["none.plm"]);
        CliRun.Refused(ExitCodes.UsageError,
            "error: compare fits a model with every backend that can run it, and only reparameterized trains an autoencoder: use 'problatent fit --model autoencoder'",
            "compare", "--model", "autoencoder", "--data", data.Path);
        CliRun.Refused(ExitCodes.UsageError,
            "error: select compares models by their exact log-likelihood, which an autoencoder has not: train one with 'problatent fit --model autoencoder'",
            "select", "--model", "autoencoder", "--data", data.Path, "--latent-dim", "1..2");
    }
}
