using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench rbm</c> on a tiny binarized-MNIST folder (200 rows of 64 pixels, 8 hidden units, AIS of 20 temperatures).</summary>
public class CliBenchRbmTests
{
    [Fact]
    public void BenchRbmTimesCdOneBesideScikitLearnOrSaysWhyNotThenTimesAis()
    {
        using var folder = TempMnist.Folder(sparse: true);
        var run = CliRun.Of(["bench", "rbm", "--data", folder.Path, "--hidden", "8", "--epochs", "2", "--ais", "20"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.StartsWith("rbm on binarized MNIST train.bin: 200 rows × 64, 8 hidden units, minibatches of 100, learning rate 0.05, 2 epochs, seed 1", lines[0]);
        var ours = Assert.Single(lines, l => l.Contains(" ProbLatent │"));
        Assert.Contains(" CD-1 │", ours);
        bool peer = lines.Any(l => l.Contains("scikit-learn BernoulliRBM │  PCD-1 │"));
        Assert.True(peer || lines.Any(l => l.StartsWith("scikit-learn: skipped (", StringComparison.Ordinal)), run.Out);
        Assert.Contains(lines, l => l.StartsWith("AIS on ProbLatent's machine: AIS log Z = ", StringComparison.Ordinal) && l.Contains("(100 chains × 20 temperatures"));
        Assert.Equal(peer, lines.Any(l => l.StartsWith("AIS on scikit-learn's machine: ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("│ s / epoch │"));
        CliRun.Refused(ExitCodes.UsageError, "error: --hidden gives bench rbm one number, its hidden units, not 2 (8,4)", "bench", "rbm", "--hidden", "8,4");
        CliRun.Refused(ExitCodes.UsageError, "error: --ais applies to bench rbm, not vmp", "bench", "vmp", "--ais", "20");
    }

    [Fact]
    public void RepeatsTakeTurnsWithScikitLearnAndReportMediansWithTheirRanges()
    {
        using var folder = TempMnist.Folder(sparse: true);
        var run = CliRun.Of(["bench", "rbm", "--data", folder.Path, "--hidden", "8", "--ais", "20", "--repeats", "3"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.Contains(lines, l => l.Contains("│ s / epoch, median of 3 (range) │"));
        // The same seed trains the same machine each time: the median's range is of times only.
        var ours = CliFactorMixtureTests.Cells(Assert.Single(lines, l => l.Contains(" ProbLatent │")));
        Assert.Matches(@"^\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\)$", ours[2]);
        if (lines.Any(l => l.Contains("scikit-learn BernoulliRBM │")))
            Assert.Matches(@"^\d+\.\d\d× faster \(\d+\.\d\d–\d+\.\d\d\)$", ours[4]);
        CliRun.Refused(ExitCodes.UsageError, "error: --repeats must be at least 1, got 0 (see 'problatent bench --help')", "bench", "rbm", "--data", folder.Path, "--repeats", "0");
        CliRun.Refused(ExitCodes.UsageError, "error: --repeats applies to bench rbm, not vae", "bench", "vae", "--repeats", "2");
    }
}
