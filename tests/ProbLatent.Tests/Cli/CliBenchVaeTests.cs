using System.Text.RegularExpressions;
using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench vae</c> on a tiny binarized-MNIST folder (200 rows of 64 pixels, 16 hidden units, a 2-dimensional latent).</summary>
public class CliBenchVaeTests
{
    [Fact]
    public void BenchVaePrintsThroughputGflopsAndPeakMemory()
    {
        using var folder = TempMnist.Folder(sparse: true);
        var run = CliRun.Of(["bench", "vae", "--data", folder.Path, "--hidden", "16", "--latent-dim", "2", "--epochs", "2"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.StartsWith("vae on ", lines[0]);
        Assert.Contains("encoder 64-16 Tanh → 2×2, decoder 2-16-64 Tanh, Bernoulli; 200 points", lines[0]);
        // 64·16 + 2·16·2 multiply–adds in the encoder, 2·16 + 16·64 in the decoder: 2·(3·2144 − 1024) FLOPs per point.
        Assert.StartsWith("10,816 FLOPs per point", lines[1]);
        // The folder's rows are 0/1 with about a sixth set (an eighth of the prototypes' pixels, and a tenth flipped):
        // the sparse first layer is said, with the share of ones.
        var share = Regex.Match(lines[2], @"^0/1 data, (\d+\.\d)% ones: the first layer's forward and weight-gradient products add the rows");
        Assert.True(share.Success, lines[2]);
        Assert.InRange(double.Parse(share.Groups[1].Value, CultureInfo.InvariantCulture), 10, 25);
        Assert.Contains(lines, l => l.Contains("samples / s") && l.Contains("GFLOP/s") && l.Contains("train ELBO / point"));
        foreach (var epoch in new[] { "1", "2", "all" })
        {
            var row = Assert.Single(lines, l => l.StartsWith($"│ {epoch.PadLeft(5)} │", StringComparison.Ordinal));
            // GFLOP/s is samples/s times the 10,816 FLOPs of a point, to the printed rounding.
            var cells = row.Split('│', StringSplitOptions.TrimEntries);
            double samplesPerSecond = double.Parse(cells[3], NumberStyles.Number, CultureInfo.InvariantCulture);
            double gflops = double.Parse(cells[4], CultureInfo.InvariantCulture);
            // A loaded machine can train this tiny model slowly enough that its GFLOP/s round to 0.00: test the rate it comes from.
            Assert.True(samplesPerSecond > 0, row);
            Assert.Equal(samplesPerSecond * 10_816 / 1e9, gflops, 2);
        }
        Assert.Contains(lines, l => l.StartsWith("peak memory ", StringComparison.Ordinal) && l.Contains(" MB"));
        Assert.Contains(lines, l => l.StartsWith("final train ELBO ", StringComparison.Ordinal) && l.Contains("per point (all 200 rows"));
    }

    [Fact]
    public void BenchVaeRefusesTheMixtureOptions()
    {
        var run = CliRun.Of("bench", "vae", "--rows", "1000");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --rows applies to bench vmp, em, stream and cluster, not vae", run.ErrorLine);
    }
}
