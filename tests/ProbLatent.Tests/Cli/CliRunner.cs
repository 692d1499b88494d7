using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary>Runs the command line in-process and captures what it writes.</summary>
sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Text split into lines, without the carriage returns of Windows line ends.</summary>
    public static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Standard output, line by line.</summary>
    public string[] OutLines => Lines(Out);

    /// <summary>Standard output read as CSV.</summary>
    public ProbLatent.Data.DataMatrix OutCsv => ProbLatent.Data.Csv.ParseText(Out, "stdout");

    /// <summary>Runs a command that must fail with <paramref name="exitCode"/> and exactly <paramref name="errorLine"/>: nothing on standard output, no stack trace.</summary>
    public static void Refused(int exitCode, string errorLine, params string[] args)
    {
        var run = Of(args);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(errorLine, run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    /// <summary>The error output, which must be exactly one line starting with "error: ".</summary>
    public string ErrorLine
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{Error}");
            Assert.StartsWith("error: ", lines[0]);
            return lines[0].TrimEnd('\r');
        }
    }
}

/// <summary>A CSV file in a <see cref="TempFolder"/> of its own, deleted afterwards.</summary>
sealed class TempCsv : IDisposable
{
    readonly TempFolder _folder = new();

    public TempCsv(string text, string name = "data.csv")
    {
        Path = _folder[name];
        File.WriteAllText(Path, text);
    }

    public string Folder => _folder.Path;
    public string Path { get; }
    public void Dispose() => _folder.Dispose();
}

/// <summary>Old Faithful as a user's CSV file.</summary>
static class FaithfulCsv
{
    /// <summary>
    /// Writes the file under <paramref name="header"/>: "waiting" (or "b") names the waiting times, any other name the
    /// eruptions, so the columns can be swapped or renamed.
    /// </summary>
    public static string Write(TempFolder folder, string name, params string[] header)
    {
        var data = ProbLatent.Data.Examples.OldFaithful();
        int[] order = header.Select(h => h is "waiting" or "b" ? 1 : 0).ToArray();
        File.WriteAllText(folder[name], string.Join(",", header) + "\n" +
                                        string.Join("\n", data.ToRows().Select(r => string.Join(",", order.Select(j => r[j])))) + "\n");
        return folder[name];
    }
}
