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

    ReportFolder(string path) => Path = path;

    /// <summary>The folder as the user gave it.</summary>
    public string Path { get; }

    /// <summary>The names of the files written so far, in order.</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>Creates the folder (and its parents) if needed and makes sure a file can be written in it.</summary>
    /// <exception cref="IOException">The path is a file, or the folder cannot be created or written; the message names it.</exception>
    public static ReportFolder Prepare(string path)
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
        return new ReportFolder(path);
    }

    public void WriteText(string name, string text)
    {
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, name), text);
        _written.Add(name);
    }

    public void WriteSvg(string name, SvgDocument svg) => WriteText(name, svg.ToString());
}
