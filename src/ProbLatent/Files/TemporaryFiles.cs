using System.Text.RegularExpressions;

namespace ProbLatent.Files;

/// <summary>
/// The hidden files <see cref="AtomicFile"/> writes beside a target before moving them over it, <c>.NAME.GUID.tmp</c>
/// (and <c>.NAME.GUID.probe</c> for <see cref="AtomicFile.CheckWritable"/>): their names, and the removal of the ones a
/// process killed between writing and moving left behind.
/// </summary>
internal static class TemporaryFiles
{
    public const string Write = "tmp";
    public const string Probe = "probe";

    /// <summary>
    /// How long a leftover must have gone unmodified before it is removed. A save in progress holds its file locked, which
    /// is what keeps it; the age covers the moments it does not — between creating the file and locking it, and between
    /// closing it and moving it into place — when its last write is a moment old.
    /// </summary>
    static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>A new temporary name beside <paramref name="full"/>, a full path.</summary>
    public static string For(string full, string kind) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.{kind}");

    /// <summary>
    /// Removes the temporary files of earlier writes of <paramref name="full"/> that no process is writing: only names
    /// of this target's pattern, only files unmodified for <see cref="StaleAfter"/>, and only those that can be opened
    /// exclusively (a live write holds its file with <see cref="FileShare.None"/>, so a concurrent save of the same
    /// target keeps its file). Anything that cannot be removed is left as it is: this never fails a save.
    /// </summary>
    public static void RemoveStale(string full)
    {
        var directory = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var pattern = new Regex($@"^\.{Regex.Escape(name)}\.[0-9a-f]{{32}}\.({Write}|{Probe})$", RegexOptions.CultureInvariant);
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(directory, $".{name}.*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var candidate in candidates)
        {
            if (!pattern.IsMatch(Path.GetFileName(candidate))) continue;
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < StaleAfter) continue;
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being written, or gone already, or not ours to remove.
            }
        }
    }
}
