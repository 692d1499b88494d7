using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary>The README's hidden Markov models of the European stock indices' daily returns, from the shared data.</summary>
public class CliStockReturnsTests
{
    /// <remarks>
    /// Two runs of the same fit have been seen to end a few 10⁻⁴ apart in the durations (log p(x) the same to 10⁻³), so
    /// the durations are held to the README's one decimal.
    /// </remarks>
    [SkippableTheory]
    [InlineData("2", "-7824.454", new[] { 6.4, 14.1 })]
    [InlineData("3", "-7739.070", new[] { 2.9, 8.9, 13.6 })]
    public void Baum_welch_on_the_returns_gives_the_readmes_likelihood_and_durations(string states, string logLikelihood, double[] durations)
    {
        var path = SharedData.PathOf("sequences/eustock_returns.csv");
        var run = CliRun.Of("fit", "--model", "hmm", "--states", states, "--data", path, "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains(run.OutLines, l => l.StartsWith("log p(x)") && l.Contains(logLikelihood + " total"));
        var line = run.OutLines.Single(l => l.Contains("expected durations"));
        var found = line[(line.IndexOf('[') + 1)..line.IndexOf(']')].Split(", ").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(durations.Length, found.Length);
        for (int k = 0; k < found.Length; k++) Assert.True(Math.Abs(found[k] - durations[k]) < 0.05, line);
    }
}
