using System.Globalization;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench cluster</c> on small shards: for EM and for VMP, of the mixture and of the factor analyser, 1, 2 and 3 worker processes give one fit (the bytes' independence of the rows is ClusterFitTests').</summary>
public class CliBenchClusterTests
{
    static string[][] Rows(CliRun run, string engine) => run.OutLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(r => r.Length > 1 && r[0] == engine && char.IsDigit(r[1][0])).Select(r => r[1..]).ToArray();

    [Fact]
    public void OneTwoAndThreeWorkerProcessesGiveOneFitAndTheShardsAreDeletedAfter()
    {
        var run = CliRun.Of("bench", "cluster", "--rows", "600", "--iterations", "1");
        Assert.True(run.ExitCode == 0, run.Error);
        foreach (var engine in new[] { "em", "vmp" })
        {
            var rows = Rows(run, engine);
            Assert.Equal(["1", "2", "3"], rows.Select(r => r[0]));
            Assert.All(rows, r => Assert.True(double.Parse(r[1], CultureInfo.InvariantCulture) > 0));
            Assert.Single(rows.Select(r => r[4]).Distinct());
            Assert.Single(rows.Select(r => r[2] + r[3]).Distinct());
        }
        foreach (var engine in new[] { "fa-em", "fa-vmp" })
        {
            var rows = Rows(run, engine);
            Assert.Equal(["1", "2", "3"], rows.Select(r => r[0]));
            Assert.Single(rows.Select(r => r[4]).Distinct());
            // Its sweeps ask the shards nothing: the start's two passes are all it sends.
            Assert.All(rows, r => Assert.Equal(["0", "0"], r[2..4]));
        }
        // The folder this run made, named in its output: another run on the machine (a second clone's tests) may make and delete its own meanwhile.
        const string prefix = "shards in ";
        var line = Assert.Single(run.OutLines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        var folder = line[prefix.Length..line.IndexOf(" (deleted", StringComparison.Ordinal)];
        Assert.Contains("problatent-bench-cluster-", folder);
        Assert.False(Directory.Exists(folder), $"{folder} is left after the bench");
    }
}
