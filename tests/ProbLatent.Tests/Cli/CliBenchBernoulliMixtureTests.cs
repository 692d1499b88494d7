using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench bernoulli-mixture</c> on a tiny binarized-MNIST folder (64 pixels) and on synthetic images.</summary>
public class CliBenchBernoulliMixtureTests
{
    static string[] Cells(string line) => line.Split('│', StringSplitOptions.TrimEntries);

    [Fact]
    public void BenchPrintsTheFastCodeAndTheReferenceWithThroughputGflopsAndTheirAgreement()
    {
        using var folder = TempMnist.Folder(sparse: true);
        var run = CliRun.Of(["bench", "bernoulli-mixture", "--data", folder.Path, "--rows", "100,450", "--components", "3", "--iterations", "2"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.StartsWith("EM on a mixture of 3 Bernoullis over ", lines[0]);
        Assert.Contains("2 iterations per fit", lines[0]);
        Assert.StartsWith("GFLOP/s counts the dense work, 4·K·d per point", lines[1]);
        foreach (var points in new[] { "100", "450" })
        {
            int at = Array.FindIndex(lines, l => l.StartsWith('│') && Cells(l)[1] == points);
            Assert.True(at >= 0, $"no row for {points} points");
            var fast = Cells(lines[at]);
            var reference = Cells(lines[at + 1]);
            Assert.Equal("products over the ones", fast[2]);
            Assert.Equal("reference (before)", reference[2]);
            foreach (var cells in new[] { fast, reference })
            {
                double pointsPerSecond = double.Parse(cells[4], NumberStyles.Number, CultureInfo.InvariantCulture);
                Assert.True(pointsPerSecond > 0, string.Join(" | ", cells));
                // 4 · K · d = 4 · 3 · 64 FLOPs per point.
                Assert.Equal(pointsPerSecond * 768 / 1e9, double.Parse(cells[5], CultureInfo.InvariantCulture), 2);
            }
            Assert.EndsWith("×", reference[6]);
            // Both evaluate log p(x) at the fitted parameters: the same number up to the order of the sums.
            Assert.Equal(fast[7], reference[7]);
            Assert.True(double.Parse(reference[8], CultureInfo.InvariantCulture) < 1e-12, reference[8]);
        }
    }

    [Fact]
    public void WithoutDataTheImagesAreSyntheticAndSizesAboveTheReferenceLimitSkipIt()
    {
        var run = CliRun.Of("bench", "bernoulli-mixture", "--rows", "40", "--components", "2", "--iterations", "1", "--reference-rows", "10");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("over synthetic 784-pixel images", run.OutLines[0]);
        var reference = Cells(Assert.Single(run.OutLines, l => l.Contains("reference (before)")));
        Assert.Equal("not run above --reference-rows 10", reference[3]);
    }

    [Fact]
    public void SizesAboveTheInMemoryLimitAreFittedOverASourceInBlocksToTheSameNumbers()
    {
        using var folder = TempMnist.Folder(sparse: true);
        string[] Bench(string inMemoryRows) => CliRun.Of(["bench", "bernoulli-mixture", "--data", folder.Path, "--rows", "450", "--components", "3",
            "--iterations", "2", "--in-memory-rows", inMemoryRows]).OutLines;
        var held = Cells(Assert.Single(Bench("1000"), l => l.StartsWith('│') && Cells(l)[1] == "450"));
        var streamedLines = Bench("200");
        var streamed = Cells(Assert.Single(streamedLines, l => l.StartsWith('│') && Cells(l)[1] == "450"));
        Assert.Equal("products over the ones", held[2]);
        Assert.Equal("streamed", streamed[2]);
        // The source's 450 rows are 200-row copies of the folder's rows and the rest; a source this small starts as the rows in
        // memory do, so the fit over it reaches the in-memory fit's log p(x).
        Assert.Equal(held[7], streamed[7]);
        Assert.Contains(streamedLines, l => l.Contains("not run (streamed)"));
        Assert.Contains(streamedLines, l => l.Contains("(sizes above --in-memory-rows 200)"));
    }

    [Theory]
    [InlineData("error: --epochs applies to bench vae, not bernoulli-mixture", "bernoulli-mixture", "--epochs", "2")]
    [InlineData("error: --components applies to bench bernoulli-mixture, not em", "em", "--components", "3")]
    [InlineData("error: --reference-rows applies to bench bernoulli-mixture, not vae", "vae", "--reference-rows", "3")]
    public void OptionsOfAnotherEngineAreRefused(string error, params string[] arguments)
    {
        var run = CliRun.Of(["bench", .. arguments]);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal(error, run.ErrorLine);
    }
}
