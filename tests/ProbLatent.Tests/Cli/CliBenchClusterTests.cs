using System.Globalization;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench cluster</c> on small shards: 1, 2 and 3 worker processes give one fit (the bytes' independence of the rows is ClusterFitTests').</summary>
public class CliBenchClusterTests
{
    static string[][] Rows(CliRun run) => run.OutLines.Where(l => l.Length > 0 && char.IsDigit(l.TrimStart()[0]))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Fact]
    public void OneTwoAndThreeWorkerProcessesGiveOneFitAndTheShardsAreDeletedAfter()
    {
        string[] Folders() => Directory.GetDirectories(Path.GetTempPath(), "problatent-bench-cluster-*");
        var before = Folders();
        var run = CliRun.Of("bench", "cluster", "--rows", "600", "--iterations", "1");
        Assert.True(run.ExitCode == 0, run.Error);
        var rows = Rows(run);
        Assert.Equal(["1", "2", "3"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.True(double.Parse(r[1], CultureInfo.InvariantCulture) > 0));
        Assert.Single(rows.Select(r => r[4]).Distinct());
        Assert.Single(rows.Select(r => r[2] + r[3]).Distinct());
        // Only the folders this run made: another run on the machine (a second clone's tests) may make and delete its own meanwhile.
        Assert.Empty(Folders().Except(before));
    }
}
