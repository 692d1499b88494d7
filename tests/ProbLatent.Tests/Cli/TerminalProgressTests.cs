using ProbLatent.Backends;
using ProbLatent.Cli.Output;

namespace ProbLatent.Tests.Cli;

/// <summary>The status line a fit shows on a terminal: iteration, objective, rate, time left.</summary>
public class TerminalProgressTests
{
    static FitProgress At(int iteration, double seconds, int restart = 0, int restarts = 1, int max = 1000, ProgressUnit unit = ProgressUnit.Iteration) =>
        new(iteration, max, -1130.26437, TimeSpan.FromSeconds(seconds), restart, restarts, unit);

    [Fact]
    public void EmAndVmpShowTheirRateAndAtMostTheTimeTheIterationLimitLeaves()
    {
        // 100 iterations in 2 s: 50 a second; 900 more allowed in this restart and 1000 in each of the 2 after it.
        Assert.Equal("em: restart 1/3, iteration 100/1000, objective -1130.2644, 50 iterations/s, at most 58 s left (Ctrl+C stops)",
            TerminalProgress.Line("em", At(100, 2, restart: 0, restarts: 3), done: 100));
        Assert.Equal("vmp: iteration 10/1000, objective -1130.2644, 2.5 iterations/s, at most 6m 36s left (Ctrl+C stops)",
            TerminalProgress.Line("vmp", At(10, 4), done: 10));
    }

    [Fact]
    public void EpochsAreCountedAsEpochsWithAnEstimateOfTheTimeLeft()
    {
        Assert.Equal("reparameterized: epoch 500/2000, objective -1130.2644, 250 epochs/s, about 6 s left (Ctrl+C stops)",
            TerminalProgress.Line("reparameterized", At(500, 2, max: 2000, unit: ProgressUnit.Epoch), done: 500));
        Assert.Equal("score-function: epoch 3/10, objective -1130.2644, 25,000 samples/s, 1.5 epochs/s, about 5 s left (Ctrl+C stops)",
            TerminalProgress.Line("score-function", At(3, 2, max: 10, unit: ProgressUnit.Epoch) with { SamplesPerSecond = 25_000 }, done: 3));
        // What is counted comes with the report, not from the label.
        Assert.StartsWith("reparameterized: iteration 500/2000",
            TerminalProgress.Line("reparameterized", At(500, 2, max: 2000), done: 500));
    }

    [Fact]
    public void TheRateCountsEveryRestartsIterations()
    {
        var writer = new StringWriter();
        using (var progress = new TerminalProgress(writer, "em", interval: TimeSpan.Zero))
        {
            progress.Report(At(30, 1, restart: 0, restarts: 2, max: 110));
            progress.Report(At(10, 2, restart: 1, restarts: 2, max: 110));
        }
        var second = "em: restart 2/2, iteration 10/110, objective -1130.2644, 20 iterations/s, at most 5 s left (Ctrl+C stops)";
        // 30 iterations in 1 s, then 30 + 10 in 2 s: 20 a second, with 100 left. Each line rewrites the one before, and
        // disposing blanks the last, leaving the cursor at the start of an empty line.
        Assert.Equal(
            "\rem: restart 1/2, iteration 30/110, objective -1130.2644, 30 iterations/s, at most 6 s left (Ctrl+C stops)" +
            "\r" + second + "\r" + new string(' ', second.Length) + "\r",
            writer.ToString());
    }

    [Fact]
    public void ACommandWritingElsewhereThanTheConsoleGetsNoStatusLine()
    {
        Assert.Null(TerminalProgress.For(new StringWriter(), "em"));
    }
}
