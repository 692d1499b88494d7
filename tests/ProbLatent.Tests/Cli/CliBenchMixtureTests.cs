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
}
