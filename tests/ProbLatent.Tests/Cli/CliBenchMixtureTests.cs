using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench em</c> and <c>bench vmp</c> on small benchmark mixtures: the table's rows, the baseline and the GFLOP/s.</summary>
public class CliBenchMixtureTests
{
    [Theory]
    [InlineData("em", "vmp")]
    [InlineData("vmp", "em")]
    public void BenchPrintsEachEngineAndItsBaselineWithThroughputAndGflops(string engine, string baseline)
    {
        var run = CliRun.Of("bench", engine, "--rows", "300,600", "--iterations", "5");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.StartsWith($"{engine} on bench-mixture: z ~ Categorical(3)", lines[0]);
        Assert.Contains("5 iterations per fit", lines[0]);
        // K = 3 components in D = 2: 3 · (2·2² + 6·2 + 7) = 81.
        Assert.StartsWith("81 FLOPs per point in one sweep", lines[1]);
        Assert.Contains(lines, l => l.Contains("points / s") && l.Contains("GFLOP/s") && l.Contains($"speed vs {baseline}"));
        foreach (var points in new[] { "300", "600" })
        {
            string[] Cells(string name) => Assert.Single(lines, l => l.StartsWith($"│ {points.PadLeft(6)} │ {name.PadLeft(6)} │", StringComparison.Ordinal))
                .Split('│', StringSplitOptions.TrimEntries);
            foreach (var cells in new[] { Cells(engine), Cells(baseline) })
            {
                double perIteration = double.Parse(cells[5], CultureInfo.InvariantCulture);
                double pointsPerSecond = double.Parse(cells[6], NumberStyles.Number, CultureInfo.InvariantCulture);
                double gflops = double.Parse(cells[7], CultureInfo.InvariantCulture);
                Assert.True(perIteration > 0 && pointsPerSecond > 0, string.Join(" | ", cells));
                Assert.Equal(pointsPerSecond * 81 / 1e9, gflops, 2);
            }
            Assert.Equal("1×", Cells(baseline)[8]);
            // The engine's speed is the baseline's time per iteration over its own: on the same points, the ratio of the
            // points/s (printed whole, unlike the times, which small sizes round to a few hundredths of a millisecond).
            var measured = Cells(engine);
            Assert.EndsWith("×", measured[8]);
            double speed = double.Parse(measured[8].TrimEnd('×'), CultureInfo.InvariantCulture);
            double PointsPerSecond(string[] cells) => double.Parse(cells[6], NumberStyles.Number, CultureInfo.InvariantCulture);
            double engineRate = PointsPerSecond(measured), baselineRate = PointsPerSecond(Cells(baseline));
            double ratio = engineRate / baselineRate;
            // The speed is rounded to hundredths; each whole points/s is off by up to half a point, which matters when a
            // loaded machine makes the rates small.
            double tolerance = 0.005 + ratio * (0.5 / engineRate + 0.5 / baselineRate) + 1e-9;
            Assert.True(Math.Abs(speed - ratio) <= tolerance, $"speed {speed} against the ratio of the points/s, {ratio} (±{tolerance})");
        }
    }

    [Fact]
    public void BenchWithoutPeerSaysSoAndWithPeerPutsScikitLearnBesideEachEngineOnTheSamePoints()
    {
        var alone = CliRun.Of("bench", "em", "--rows", "300", "--iterations", "3");
        Assert.True(alone.ExitCode == ExitCodes.Success, alone.Error);
        Assert.Contains("scikit-learn: not run (give --peer)", alone.OutLines);

        // Sizes whose iterations take more than the hundredths of a millisecond the table prints.
        var run = CliRun.Of("bench", "vmp", "--rows", "5000,10000", "--iterations", "3", "--peer");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        // CI machines without /usr/bin/python3 and scikit-learn say why the peer did not run; where it ran, a row per size and engine.
        if (lines.Any(l => l.StartsWith("scikit-learn: skipped (", StringComparison.Ordinal))) return;
        var heading = Assert.Single(lines, l => l.StartsWith("scikit-learn ", StringComparison.Ordinal) && l.Contains("on the same points"));
        Assert.Contains("peer's OpenBLAS kernels: ", heading);
        foreach (var points in new[] { "5,000", "10,000" })
            foreach (var engine in new[] { "em", "vmp" })
            {
                var cells = Assert.Single(lines, l => l.StartsWith($"│ {points.PadLeft(6)} │ {engine.PadLeft(6)} │", StringComparison.Ordinal) && l.Split('│').Length == 7)
                    .Split('│', StringSplitOptions.TrimEntries);
                double ours = double.Parse(cells[3], CultureInfo.InvariantCulture), theirs = double.Parse(cells[4], CultureInfo.InvariantCulture);
                Assert.True(ours > 0 && theirs > 0, string.Join(" | ", cells));
                // The times are printed to hundredths of a millisecond, the ratio to tenths, from the unrounded times.
                Assert.EndsWith("×", cells[5]);
                double faster = double.Parse(cells[5].TrimEnd('×'), CultureInfo.InvariantCulture), ratio = theirs / ours;
                double tolerance = 0.05 + ratio * (0.005 / ours + 0.005 / theirs) + 1e-9;
                Assert.True(Math.Abs(faster - ratio) <= tolerance, $"faster {faster} against {theirs} / {ours} (±{tolerance})");
            }
    }

    [Fact]
    public void PeerIsRefusedByBenchEnginesThatDoNotRunOne()
    {
        var run = CliRun.Of("bench", "stream", "--rows", "10", "--peer");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--peer applies to bench vmp, em and hmm, not stream", run.Error);
    }
}
