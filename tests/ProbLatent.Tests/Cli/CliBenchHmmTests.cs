using System.Globalization;
using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary><c>bench hmm</c> on tiny sequences: a row per size and layout, linearity against the smallest, the data it writes for the peer.</summary>
public class CliBenchHmmTests
{
    static string[] Cells(string line) => line.Split('│', StringSplitOptions.TrimEntries);

    [Fact]
    public void BenchPrintsEachSizeAsOneSequenceAndAsSeveralAndWritesTheirData()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("bench", "hmm", "--steps", "400,800", "--iterations", "2", "--sequences", "4", "--write-data", temp.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var lines = run.OutLines;
        Assert.StartsWith("Baum–Welch on bench-hmm: z ~ MarkovChain(Categorical(3))", lines[0]);
        Assert.Contains("2 iterations per fit", lines[0]);
        Assert.Contains("pomegranate: not run (give --peer)", lines);
        var rows = lines.Where(l => l.StartsWith('│') && Cells(l)[3] == "problatent").Select(Cells).ToArray();
        Assert.Equal([("400", "1"), ("400", "4"), ("800", "1"), ("800", "4")], rows.Select(c => (c[1], c[2])));
        Assert.Equal("1.00×", rows[0][6]);
        foreach (var cells in rows)
        {
            double perIteration = double.Parse(cells[4], CultureInfo.InvariantCulture);
            double stepsPerSecond = double.Parse(cells[5], NumberStyles.Number, CultureInfo.InvariantCulture);
            Assert.True(perIteration > 0 && stepsPerSecond > 0, string.Join(" | ", cells));
            Assert.True(double.Parse(cells[8], CultureInfo.InvariantCulture) < 0, "log p(x) per step of continuous data in a few units");
        }
        var csv = File.ReadAllLines(temp["hmm-800x4.csv"]);
        Assert.Equal("sequence,x1,x2", csv[0]);
        Assert.Equal(801, csv.Length);
        Assert.Equal(["0", "1", "2", "3"], csv.Skip(1).Select(l => l.Split(',')[0]).Distinct());
    }

    [Theory]
    [InlineData("error: --rows applies to bench vmp, em, bernoulli-mixture, stream and cluster, not hmm; bench hmm takes --steps", "hmm", "--rows", "100")]
    [InlineData("error: --steps applies to bench hmm, not em", "em", "--steps", "100")]
    [InlineData("error: --steps must be at least --sequences (8) each, so that no sequence is empty", "hmm", "--steps", "5")]
    public void OptionsOfAnotherEngineAndEmptySequencesAreRefused(string error, params string[] arguments)
    {
        var run = CliRun.Of(["bench", .. arguments]);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal(error, run.ErrorLine);
    }
}
