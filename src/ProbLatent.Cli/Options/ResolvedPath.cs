namespace ProbLatent.Cli.Options;

/// <summary>
/// A path as the file system resolves it — full, and with every symbolic link along it followed, in its folders as well
/// as its last part — so that two spellings of one file (relative and absolute, through a linked folder, a link to the
/// file) compare equal.
/// </summary>
/// <remarks>
/// Hard links are not followed: .NET has no portable way to ask for a file's identity. None is lost through one, though:
/// every output is written to a new file and moved over its name (<see cref="Files.AtomicFile"/>), which gives that name
/// a new file and leaves the one an input's other link names as it was.
/// </remarks>
public static class ResolvedPath
{
    /// <summary>More links than this in a row are taken for a loop, and the path is compared as it stands.</summary>
    const int MaxLinks = 40;

    static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>Names that differ only in case are one file on Windows and macOS (by default), two elsewhere.</summary>
    static StringComparison Comparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> name the same file.</summary>
    public static bool Same(string a, string b) => string.Equals(Of(a), Of(b), Comparison);

    /// <summary>The full path with its links followed; a part that does not exist (a file still to be written) is kept as it is.</summary>
    public static string Of(string path) => Resolve(Path.GetFullPath(path), 0);

    static string Resolve(string full, int links)
    {
        if (links > MaxLinks) return full;
        var root = Path.GetPathRoot(full)!;
        var parts = full[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (int i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            if (LinkTarget(next) is { } target)
            {
                // The target may itself run through links: resolve it, with the rest of the path, from the start.
                var rest = Path.Combine(parts[(i + 1)..]);
                return Resolve(Path.GetFullPath(Path.Combine(Path.GetFullPath(target, current), rest)), links + 1);
            }
            current = next;
        }
        return current;
    }

    static string? LinkTarget(string path)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            return info.LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
