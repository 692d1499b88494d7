using System.Text.Json;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// Components a VMP fit's posterior has emptied are part of its result: in <c>fit</c>'s summary, under <c>compare</c>'s
/// table, in its JSON, table.md and report page. Iris with K = 3 from random point masses (seed 1) under Infer.NET's
/// tutorial priors, given (m₀ = 0, τ₀ = 0.01, E[Λ] = I), empties two; the data-scaled defaults keep all three.
/// </summary>
public class CliEmptyComponentsTests
{
    static readonly string[] TutorialPriors = ["--prior-mean-precision", "0.01", "--prior-wishart-shape", "4", "--prior-wishart-scale", "0.25"];

    static readonly string[] IrisFromRandomPointMasses = ["--example", "iris", "--components", "3", "--seed", "1", "--start", "random", .. TutorialPriors];

    const string TwoEmpty = "2 of 3, each holding less than one point: 1 (E[N] = 1.49E-95), 2 (E[N] = 1.49E-95)";

    [Fact]
    public void FitNamesTheEmptiedComponentsAndWhatTheyHold()
    {
        var run = CliRun.Of(["fit", "--backend", "vmp", .. IrisFromRandomPointMasses]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"empty components  {TwoEmpty}", run.OutLines);
        // The default start keeps one more component, and says which one it emptied.
        var kMeans = CliRun.Of(["fit", "--backend", "vmp", "--example", "iris", "--components", "3", "--seed", "1", .. TutorialPriors]);
        Assert.Contains("empty components  1 of 3, each holding less than one point: ", kMeans.Out);
        // The data-scaled default priors keep all three.
        Assert.DoesNotContain("empty components", CliRun.Of("fit", "--backend", "vmp", "--example", "iris", "--components", "3", "--seed", "1").Out);
        // A fit that keeps every component prints no such line.
        Assert.DoesNotContain("empty components", CliRun.Of("fit", "--backend", "vmp", "--example", "old-faithful").Out);
    }

    [Fact]
    public void CompareNotesThemUnderTheTableAndInTheJsonAndTheReport()
    {
        var run = CliRun.Of(["compare", "--backends", "em,vmp", .. IrisFromRandomPointMasses]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"empty components of vmp: {TwoEmpty}", run.OutLines);
        Assert.DoesNotContain("empty components of em", run.Out);

        using var document = JsonDocument.Parse(CliRun.Of(["compare", "--backends", "em,vmp", "--json", .. IrisFromRandomPointMasses]).Out);
        var vmp = document.RootElement.GetProperty("fits").EnumerateArray().Single(f => f.GetProperty("label").GetString() == "vmp");
        Assert.Equal([1, 2], vmp.GetProperty("emptyComponents").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(vmp.GetProperty("emptyComponents").EnumerateArray(), c => Assert.True(c.GetProperty("expectedCount").GetDouble() < 1));

        using var temp = new TempFolder();
        var report = CliRun.Of(["compare", "--backends", "em,vmp", "--report", temp.Path, .. IrisFromRandomPointMasses]);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.Contains($"empty components of vmp: {TwoEmpty}", File.ReadAllText(temp["table.md"]));
        Assert.Contains($"empty components of vmp: {TwoEmpty}", File.ReadAllText(temp["report.html"]));
    }

    [Fact]
    public void StartAppliesToEmAndVmpOnly()
    {
        var run = CliRun.Of("fit", "--example", "iris", "--backend", "reparameterized", "--start", "random");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --start applies to --backend em or vmp, not reparameterized", run.ErrorLine);
        run = CliRun.Of("compare", "--example", "iris", "--backends", "reparameterized", "--start", "random");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--start applies to em and vmp, which --backends does not name", run.ErrorLine);
        run = CliRun.Of("fit", "--example", "nile", "--model", "hmm", "--states", "2", "--start", "random", "--restarts", "20", "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("log p(x)          -629.804 total, -6.2980 per point", run.OutLines);
    }
}
