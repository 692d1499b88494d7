using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Cli;

/// <summary><c>fit --out</c> with every model and backend: the file holds the parameters the fit printed.</summary>
public class CliFitOutTests
{
    [Theory]
    [InlineData("old-faithful", "gmm", "em", ModelFamily.GaussianMixture)]
    [InlineData("old-faithful", "gmm --covariance diag", "em", ModelFamily.GaussianMixture)]
    [InlineData("old-faithful", "gmm", "vmp", ModelFamily.GaussianMixture)]
    [InlineData("mnist", "bernoulli-mixture --components 3", "em", ModelFamily.BernoulliMixture)]
    [InlineData("mnist", "bernoulli-mixture --components 3", "vmp --max-iterations 50", ModelFamily.BernoulliMixture)]
    [InlineData("iris", "ppca --latent-dim 2", "exact", ModelFamily.ProbabilisticPca)]
    [InlineData("iris", "ppca --latent-dim 2", "em", ModelFamily.ProbabilisticPca)]
    [InlineData("iris", "ppca --latent-dim 2", "vmp --max-iterations 50", ModelFamily.ProbabilisticPca)]
    [InlineData("iris", "fa --latent-dim 2", "em", ModelFamily.FactorAnalysis)]
    [InlineData("iris", "fa --latent-dim 2", "reparameterized --epochs 20", ModelFamily.FactorAnalysis)]
    public void OutSavesTheFittedParametersWhoseLogLikelihoodIsTheOnePrinted(string data, string model, string backend, ModelFamily family)
    {
        using var folder = new TempFolder();
        DataMatrix values;
        string[] dataOptions;
        if (data == "mnist")
        {
            TempMnist.Write(folder["train.bin"], 200, 64, seed: 1);
            values = BinarizedMnist.Read(folder["train.bin"]);
            dataOptions = ["--data", folder["train.bin"]];
        }
        else
        {
            values = Examples.Load(data);
            dataOptions = ["--example", data];
        }
        var path = folder["model.plm"];
        var run = CliRun.Of([
            "fit", .. dataOptions, "--model", .. model.Split(' '), "--backend", .. backend.Split(' '), "--seed", "1", "--out", path,
        ]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var lines = run.OutLines;
        bool vmp = backend.StartsWith("vmp", StringComparison.Ordinal);
        Assert.Equal($"saved the fitted {family}{(vmp ? " (the posterior means)" : "")} to {path}", lines.Last(l => l.Length > 0));
        var saved = LatentModelFile.Load(path);
        Assert.Equal(family, saved.Family);
        // The file holds the parameters the fit printed and scored: their log-likelihood is the one on the log p(x) line.
        var printed = Assert.Single(lines, l => l.StartsWith("log p(x) ", StringComparison.Ordinal));
        Assert.Equal(printed.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2],
            saved.PointLogLikelihoods(values).Sum().ToString("F3", CultureInfo.InvariantCulture));
        Assert.Equal([System.IO.Path.GetFileName(path)], Directory.GetFiles(folder.Path, "*.plm").Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public void OutIsCheckedBeforeTheFit()
    {
        using var folder = new TempFolder();
        var path = folder[System.IO.Path.Combine("missing", "model.plm")];
        var run = CliRun.Of("fit", "--example", "old-faithful", "--out", path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith($"error: {path}: cannot be written: the folder ", run.ErrorLine);
        Assert.Equal("", run.Out);
    }
}
