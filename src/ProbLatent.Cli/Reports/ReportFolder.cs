using ProbLatent.Cli.Options;
using ProbLatent.Files;
using ProbLatent.Plotting;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// The folder <c>--report DIR</c> writes into: created when missing and checked for writing before any fitting starts, so
/// a long run never ends in a failed report. Each file is written atomically (a temporary file, then moved into place);
/// files already in the folder under other names are left alone.
/// </summary>
public sealed class ReportFolder
{
    /// <summary>The page every report writes, which shows the rest in a browser; <see cref="Prepare"/> tries writing it.</summary>
    public const string PageFile = "report.html";

    /// <summary>The objective per iteration or epoch, which every report plots.</summary>
    public const string TraceFile = "elbo-trace.svg";

    readonly List<string> _written = [];
    readonly (string Option, string Path)[] _inputs;

    ReportFolder(string path, (string Option, string Path)[] inputs) => (Path, _inputs) = (path, inputs);

    /// <summary>The folder as the user gave it.</summary>
    public string Path { get; }

    /// <summary>The names of the files written so far, in order.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>
    /// Creates the folder (and its parents) if needed and makes sure a file can be written in it. No file of the report
    /// will replace one of the command's <paramref name="inputs"/> (<see cref="OutputFile.CheckNotAnInput"/>).
    /// </summary>
    /// <exception cref="IOException">The path is a file, or the folder cannot be created or written; the message names it.</exception>
    public static ReportFolder Prepare(string path, IEnumerable<(string Option, string Path)> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path)) throw new IOException($"{path}: is a file; --report needs a folder to write the report into");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: the report folder cannot be created: {e.Message}", e);
        }
        AtomicFile.CheckWritable(System.IO.Path.Combine(path, PageFile), reason => new IOException($"{path}: the report folder {reason}"));
        var given = inputs.ToArray();
        OutputFile.CheckNotAnInput("--report", System.IO.Path.Combine(path, PageFile), given);
        return new ReportFolder(path, given);
    }

    public void WriteText(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        // The other files' names depend on the fit (the backends, the model): they are checked as they are written.
        OutputFile.CheckNotAnInput("--report", file, _inputs);
        AtomicFile.WriteAllText(file, text);
        _written.Add(name);
    }

    public void WriteSvg(string name, SvgDocument svg) => WriteText(name, svg.ToString());
}
