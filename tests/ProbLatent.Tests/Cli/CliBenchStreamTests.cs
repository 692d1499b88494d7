using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench stream</c> on a small file: each engine streamed in a child process and in memory, and the file deleted after.</summary>
public class CliBenchStreamTests
{
    [Fact]
    public void BenchStreamFitsTheGeneratedFileByEachEngineInAChildAndDeletesIt()
    {
        string[] Folders() => Directory.GetDirectories(Path.GetTempPath(), "problatent-bench-stream-*");
        var before = Folders();
        var run = CliRun.Of("bench", "stream", "--rows", "3000", "--iterations", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.StartsWith("wrote 3,000 rows × 2 columns", run.OutLines[0]);
        foreach (var engine in new[] { "em", "vmp" })
        {
            var streamed = Assert.Single(run.OutLines, l => l.StartsWith($"│ {engine.PadLeft(6)} │  streamed │", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries);
            Assert.Equal("3,000", streamed[3]);
            Assert.True(double.Parse(streamed[6], NumberStyles.Number, CultureInfo.InvariantCulture) > 0, string.Join(" | ", streamed));
            Assert.EndsWith("×", streamed[8]);
            Assert.EndsWith("%", streamed[9]);
            Assert.EndsWith("%", streamed[10]);
            Assert.EndsWith(" MB", streamed[12]);
            Assert.True(double.Parse(streamed[12][..^3], CultureInfo.InvariantCulture) > 10, "a child's peak working set holds at least the runtime");
            Assert.Single(run.OutLines, l => l.StartsWith($"│ {engine.PadLeft(6)} │ in memory │", StringComparison.Ordinal));
        }
        Assert.Empty(Folders().Except(before));
    }

    [Fact]
    public void BenchStreamTakesOneSize()
    {
        var run = CliRun.Of("bench", "stream", "--rows", "3000,4000");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: bench stream takes one size: --rows N", run.ErrorLine);
    }
}
