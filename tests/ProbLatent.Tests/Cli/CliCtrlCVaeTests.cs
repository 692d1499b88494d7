using System.Globalization;
using System.Text;
using ProbLatent.Cli;
using static ProbLatent.Tests.Cli.CliCtrlCTests;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// A real SIGINT to a child <c>problatent fit --model vae</c> during an epoch, between epochs, during the final evaluation,
/// and twice during the save: exit code 130, the message naming the epoch that was running and the one kept, and the
/// kept model on disk — byte for byte what a run of the kept epochs saves.
/// </summary>
public class CliCtrlCVaeTests
{
    static readonly string[] Tiny = ["fit", "--model", "vae", "--hidden", "8", "--latent-dim", "1", "--seed", "1"];

    [SignalFact]
    public void CtrlCDuringAnEpochDropsItAndSavesTheEpochsBefore()
    {
        using var folder = new TempFolder();
        // Minibatches of one row over 4,000: an epoch long enough that the signal comes while the next one runs.
        var data = folder["rows.csv"];
        var random = new Random(1);
        var csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 4000; i++) csv.Append(CultureInfo.InvariantCulture, $"{random.NextDouble()},{random.NextDouble() * 2}\n");
        File.WriteAllText(data, csv.ToString());
        var path = folder["vae.plm"];
        string[] args = [.. Tiny, "--data", data, "--batch-size", "1", "--iwae-eval", "0"];
        var run = ChildCli.Interrupted(folder.Path, "", c => c.WaitForOutLine("    1 "), [.. args, "--epochs", "50", "--out", path]);
        int finished = FinishedEpochs(run);
        Assert.Equal($"error: cancelled during epoch {finished + 1} of 50, which was dropped; the kept model (epoch {finished}) was saved to {path}", ErrorLine(run));
        Assert.Contains(run.OutLines, l => l == $"kept           epoch {finished}, the last (no validation data)");
        Assert.Equal(Reference(folder, [.. args, "--epochs", Text(finished)]), File.ReadAllBytes(path));
    }

    [SignalFact]
    public void CtrlCBetweenEpochsKeepsTheLastOne()
    {
        using var folder = new TempFolder();
        var path = folder["vae.plm"];
        string[] args = [.. Tiny, "--example", "old-faithful", "--iwae-eval", "0"];
        var run = ChildCli.Interrupted(folder.Path, "epoch:1000", c => c.WaitForPhase("epoch"), [.. args, "--epochs", "5", "--out", path]);
        Assert.Equal(1, FinishedEpochs(run));
        Assert.Equal($"error: cancelled after epoch 1 of 5; the kept model (epoch 1) was saved to {path}", ErrorLine(run));
        Assert.Equal(Reference(folder, [.. args, "--epochs", "1"]), File.ReadAllBytes(path));
    }

    [SignalFact]
    public void CtrlCDuringTheFinalEvaluationStopsItWithTheKeptModelAlreadySaved()
    {
        using var folder = new TempFolder();
        var path = folder["vae.plm"];
        string[] args = [.. Tiny, "--example", "old-faithful", "--epochs", "1"];
        // A million importance samples per point: an estimate that would run for minutes. The train ELBO is printed as soon
        // as it is computed, right before the estimate starts.
        var run = ChildCli.Interrupted(folder.Path, "", c => c.WaitForOutLine("train ELBO "), [.. args, "--iwae-eval", "1000000", "--iwae-every", "1", "--out", path]);
        Assert.Equal("error: cancelled during the final evaluation (the IWAE-1000000 estimate of log p(x) on all 272 train rows); " +
                     $"the kept model (epoch 1) was saved to {path} before it", ErrorLine(run));
        Assert.Contains(run.OutLines, l => l == $"saved           {path}");
        Assert.DoesNotContain(run.OutLines, l => l.Contains("log p(x)", StringComparison.Ordinal));
        Assert.Equal(Reference(folder, [.. args, "--iwae-eval", "0"]), File.ReadAllBytes(path));
    }

    [SignalFact]
    public void ASecondCtrlCDuringTheSaveWaitsForItToFinish()
    {
        using var folder = new TempFolder();
        var path = folder["vae.plm"];
        File.WriteAllText(path, "an earlier file");
        string[] args = [.. Tiny, "--example", "old-faithful", "--epochs", "2", "--iwae-eval", "0"];
        // The save pauses for three seconds with the gate held: both signals come while it is in progress.
        using var child = ChildCli.Start(folder.Path, "save:3000", [.. args, "--out", path]);
        child.WaitForPhase("save");
        child.Interrupt();
        Thread.Sleep(200);
        child.Interrupt();
        var run = child.Exit();

        Assert.True(run.ExitCode == ExitCodes.Cancelled, run.Error);
        Assert.Equal($"error: cancelled: a second Ctrl+C stopped the program once the save to {path} in progress had finished; written: {path}", ErrorLine(run));
        // Nothing ran after the save: no final evaluation, and no temporary file left beside the model.
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith("train ELBO ", StringComparison.Ordinal));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        Assert.Equal(Reference(folder, args), File.ReadAllBytes(path));
    }

    /// <summary>The epochs whose line was printed: the rows under the table's header that start with a number.</summary>
    static int FinishedEpochs(CliRun run) =>
        run.OutLines.SkipWhile(l => !l.TrimStart().StartsWith("epoch ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Length > 0).Count();
}
