using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// A real SIGINT to a child <c>problatent</c> while EM or VMP iterates, while <c>compare</c> runs its backends, and while
/// <c>sample</c> writes: exit code 130, the one error line saying what was kept, and what is on disk — for <c>fit</c> the
/// best model so far, byte for byte the model a run of as many iterations saves; for <c>sample</c> nothing, and an earlier
/// file as it was. The test hook pauses each iteration, so that the fit is still running when the signal comes.
/// </summary>
public class CliCtrlCTests
{
    const string SlowIterations = "iteration:200";

    // A tolerance that EM and VMP never meet before their steps stop changing the objective: the fit runs until stopped.
    static readonly string[] OldFaithful = ["fit", "--example", "old-faithful", "--seed", "1", "--restarts", "1", "--tolerance", "1e-300"];

    [SignalFact]
    public void CtrlCDuringEmIterationsSavesTheFitSoFarOverAnEarlierFile()
    {
        using var folder = new TempFolder();
        var path = SavedModels.IrisPpca(folder);
        var run = ChildCli.Interrupted(folder.Path, SlowIterations, c => c.WaitForPhase("iteration"), [.. OldFaithful, "--out", path]);
        int iterations = Iterations(run);
        Assert.Contains(run.OutLines, l => l == "converged         no");
        Assert.Equal($"error: cancelled; the fit above stopped early, after {iterations} iteration{(iterations == 1 ? "" : "s")}, not converged, " +
                     $"and was saved to {path}, replacing the earlier file", ErrorLine(run));
        // The earlier PPCA is replaced by the mixture of the iterations that ran, the same as a run of that many saves.
        Assert.IsType<GaussianMixture>(LatentModelFile.Load(path));
        Assert.Equal(Reference(folder, [.. OldFaithful, "--max-iterations", Text(iterations)]), File.ReadAllBytes(path));
    }

    [SignalFact]
    public void CtrlCDuringVmpIterationsSavesThePosteriorMeansSoFar()
    {
        using var folder = new TempFolder();
        var path = folder["vmp.plm"];
        string[] vmp = [.. OldFaithful, "--backend", "vmp"];
        var run = ChildCli.Interrupted(folder.Path, SlowIterations, c => c.WaitForPhase("iteration"), [.. vmp, "--out", path]);
        int iterations = Iterations(run);
        Assert.Equal($"error: cancelled; the fit above stopped early, after {iterations} iteration{(iterations == 1 ? "" : "s")}, not converged, " +
                     $"and was saved to {path}", ErrorLine(run));
        Assert.Equal(Reference(folder, [.. vmp, "--max-iterations", Text(iterations)]), File.ReadAllBytes(path));
    }

    [SignalFact]
    public void CtrlCDuringCompareStopsTheRunningBackendAndRunsNoOther()
    {
        using var folder = new TempFolder();
        var report = folder["report"];
        var run = ChildCli.Interrupted(folder.Path, SlowIterations, c => c.WaitForPhase("iteration"),
            "compare", "--example", "old-faithful", "--backends", "em,vmp", "--seed", "1", "--tolerance", "1e-300", "--report", report);
        Assert.Equal("error: cancelled during em's fit (its row is the best so far); vmp did not run; no report was written", ErrorLine(run));
        Assert.Contains(run.OutLines, l => l.StartsWith("│ em ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith("│ vmp ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(report));
    }

    [SignalFact]
    public void CtrlCDuringSelectLeavesTheUnfinishedSizeOutRunsNoOtherAndWritesNoReport()
    {
        using var folder = new TempFolder();
        var report = folder["report"];
        var run = ChildCli.Interrupted(folder.Path, SlowIterations, c => c.WaitForPhase("iteration"),
            "select", "--example", "old-faithful", "--components", "2..3", "--seed", "1", "--restarts", "1", "--tolerance", "1e-300", "--report", report);
        Assert.Equal("error: cancelled during the fit of K = 2, which is left out (unfinished); K = 3 did not run; no report was written", ErrorLine(run));
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith("│ 2 ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(report));
    }

    [SignalFact]
    public void CtrlCDuringSampleWritesNothingAndLeavesAnEarlierFileAsItWas()
    {
        using var folder = new TempFolder();
        var model = SavedModels.OldFaithful(folder);
        var path = folder["draws.csv"];
        File.WriteAllText(path, "an earlier file\n");
        // Far more rows than are drawn before the signal comes: the write is under way when it does.
        var run = ChildCli.Interrupted(folder.Path, "", c => c.WaitForPhase("save"), "sample", "--model", model, "--count", "100000000", "--out", path);
        Assert.Equal($"error: cancelled; {path} was not written (an earlier file there is as it was)", ErrorLine(run));
        Assert.Equal("an earlier file\n", File.ReadAllText(path));
        Assert.Equal(new[] { model, path }.Order(), Directory.GetFiles(folder.Path).Order());
    }

    static int Iterations(CliRun run) =>
        int.Parse(Assert.Single(run.OutLines, l => l.StartsWith("iterations ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);

    /// <summary>The one error line among the test hook's phase lines on standard error.</summary>
    internal static string ErrorLine(CliRun run) => Assert.Single(CliRun.Lines(run.Error), l => l.StartsWith("error: ", StringComparison.Ordinal));

    /// <summary>The bytes <c>fit ARGS --out</c> saves, run in-process to the end.</summary>
    internal static byte[] Reference(TempFolder folder, string[] args)
    {
        var path = folder["reference.plm"];
        var run = CliRun.Of([.. args, "--out", path]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A test that sends a real SIGINT, which Windows has not: skipped there.</summary>
public sealed class SignalFactAttribute : FactAttribute
{
    public SignalFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "sends SIGINT with kill -INT, a Unix signal";
    }
}
