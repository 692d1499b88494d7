using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

public class CliCommandTests
{
    [Fact]
    public void CompareOldFaithfulPrintsATableWithEm()
    {
        var run = CliRun.Of("compare", "--example", "old-faithful");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("", run.Error);
        var lines = run.OutLines;
        var emRow = Assert.Single(lines, l => l.Contains("│ em "));
        // Old Faithful's 2-component full-covariance maximum likelihood: log p(x) ≈ −1130.26.
        Assert.Contains("-1130.26", emRow);
        Assert.Contains("-4.155", emRow);
        Assert.Contains("yes", emRow);
        Assert.Contains(lines, l => l.Contains("log p(x)") && l.Contains("ELBO") && l.Contains("gap") && l.Contains("time (ms)"));
        // Exact has no closed-form fit for a mixture, so it evaluates EM's parameters: same log p(x), no gap.
        var exactRow = Assert.Single(lines, l => l.Contains("│ exact at em's θ "));
        Assert.Contains("-1130.26", exactRow);
        Assert.DoesNotContain(lines, l => l.StartsWith("skipped exact", StringComparison.Ordinal));
    }

    [Fact]
    public void OutputToAWriterHasNoColourCodes()
    {
        var run = CliRun.Of("compare", "--example", "old-faithful");
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public void CompareRunsEveryBackendThatCan()
    {
        var run = CliRun.Of("compare", "--example", "old-faithful");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("│ em ", run.Out);
        Assert.Contains("│ vmp ", run.Out);
        Assert.Contains("│ exact at vmp's θ ", run.Out);
        // The reparameterized backend needs a continuous latent: it refuses a mixture, and says why.
        Assert.Equal(["skipped reparameterized"], run.OutLines.Where(l => l.StartsWith("skipped", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]));
        Assert.Contains("a discrete draw has no reparameterization", run.Out);
    }

    [Fact]
    public void CompareOnPpcaRunsTheClosedFormExactFit()
    {
        var run = CliRun.Of("compare", "--example", "iris", "--model", "ppca", "--latent-dim", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("│ exact ", run.Out);
        Assert.Contains("│ em ", run.Out);
        // PPCA as a VAE with a linear decoder: 4,000 minibatch steps by default (150 rows make 2 an epoch), an exact log p(x).
        var reparameterized = Assert.Single(run.OutLines, l => l.StartsWith("│ reparameterized ", StringComparison.Ordinal));
        Assert.Contains("│       2000 │", reparameterized);
        Assert.DoesNotContain("±", run.Out);
    }

    [Fact]
    public void VmpFitWithInferNetPriorsPrintsTheParameterPosteriors()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--backend", "vmp", "--components", "2", "--prior-weights", "1",
            "--prior-mean-precision", "0.01", "--prior-wishart-shape", "100", "--prior-wishart-scale", "0.01", "--start", "random", "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("backend           vmp", run.Out);
        Assert.Contains("converged         yes", run.Out);
        Assert.Contains("q(π): Dirichlet α = ", run.Out);
        // The Wishart posterior's shape is the prior's 100 plus half the points the component holds.
        Assert.Contains("q(Λ): Wishart shape 1", run.Out);
        Assert.Contains("at the posterior means:", run.Out);
    }

    [Fact]
    public void FitPrintsTheFitAndTheParameters()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--seed", "1", "--restarts", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("backend           em", run.Out);
        Assert.Contains("log p(x)          -1130.26", run.Out);
        Assert.Contains("  E[log p(x|z)]", run.Out);
        Assert.Contains("  E[log p(z)]", run.Out);
        Assert.Contains("  H[q]", run.Out);
        Assert.Contains("converged         yes", run.Out);
        Assert.Contains("Gaussian mixture: 2 components, full covariances", run.Out);
        Assert.Contains("  weights: [", run.Out);
        Assert.Contains("  component 1 (weight ", run.Out);
        Assert.Contains("    covariance:", run.Out);
    }

    [Fact]
    public void FitPpcaWithTheExactBackend()
    {
        var run = CliRun.Of("fit", "--example", "iris", "--model", "ppca", "--latent-dim", "2", "--backend", "exact");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("probabilistic PCA: latent dimension 2, data dimension 4", run.Out);
        Assert.Contains("  W (loadings, 4×2):", run.Out);
        Assert.Contains("  mu (mean): [5.84333, 3.05733, 3.758, 1.19933]", run.Out);
        Assert.Contains("  noise variance σ²: ", run.Out);
    }

    [Fact]
    public void FitFactorAnalysisFromAFile()
    {
        var run = CliRun.Of("fit", "--data", ShippedData.BayesianPca, "--model", "fa", "--latent-dim", "3", "--max-iterations", "200");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("factor analysis: latent dimension 3, data dimension 10", run.Out);
        Assert.Contains("  noise variances Ψ: [", run.Out);
    }

    [Fact]
    public void SameSeedGivesTheSameFit()
    {
        string[] args = ["fit", "--example", "iris", "--components", "3", "--covariance", "diag", "--seed", "7", "--restarts", "1"];
        static string[] WithoutTime(CliRun run) => run.OutLines.Where(l => !l.StartsWith("time", StringComparison.Ordinal)).ToArray();
        Assert.Equal(WithoutTime(CliRun.Of(args)), WithoutTime(CliRun.Of(args)));
    }

    [Fact]
    public void HelpGoesToStandardOutput()
    {
        var run = CliRun.Of("--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("compare", run.Out);
        Assert.Contains("fit", run.Out);

        run = CliRun.Of("fit", "--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--model <gmm|bernoulli-mixture|categorical-mixture|ppca|fa|mfa|mppca|mcfa|vae|autoencoder|sbn|rbm|hmm|dbn|gmvae>", run.Out);
    }
}

public class CliBinarizedMnistTests
{
    [Fact]
    public void FitsABernoulliMixtureToBinarizedMnist()
    {
        var run = CliRun.Of("fit", "--data", ShippedData.MnistTrain, "--model", "bernoulli-mixture",
            "--components", "3", "--restarts", "1", "--max-iterations", "5", "--seed", "1");
        Assert.True(run.ExitCode == ProbLatent.Cli.ExitCodes.Success, run.Error);
        Assert.Contains("data points       1000", run.Out);
        Assert.Contains("Bernoulli mixture: 3 components, data dimension 784", run.Out);
        Assert.Contains("784 values", run.Out);
    }

    [Fact]
    public void TruncatedBinFileIsADataError()
    {
        using var folder = new TempFolder();
        var path = folder["cut.bin"];
        var bytes = File.ReadAllBytes(ShippedData.MnistTest)[..1000];
        File.WriteAllBytes(path, bytes);
        var run = CliRun.Of("fit", "--data", path, "--model", "bernoulli-mixture");
        Assert.Equal(ProbLatent.Cli.ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {path}: is truncated: the header declares 400 rows × 784 columns, so the file should be 16 + 400×98 = 39216 bytes, but it is 1000 bytes", run.ErrorLine);
    }
}

public class CliCancellationTests
{
    [Fact]
    public void CancelledFitExitsWith130AndSaysSo()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ProbLatent.Cli.Program.Run(["compare", "--example", "old-faithful"], stdout, stderr, cancellation.Token);
        Assert.Equal(ProbLatent.Cli.ExitCodes.Cancelled, code);
        Assert.StartsWith("error: cancelled", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }
}
