using System.Text;

namespace ProbLatent.Files;

/// <summary>
/// Writes a file whole or not at all: into a temporary file in the same folder, flushed to disk, then moved over the
/// final name. An interrupted write leaves any earlier file at that name intact, and never a half-written one; a process
/// killed between writing and moving leaves its temporary file, which the next write of the same name removes
/// (<see cref="TemporaryFiles"/>). A file marked read-only is never replaced.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        Write(path, file => file.Write(bytes), reason => new IOException($"{path}: {reason}"));
    }

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. A missing folder or a failed write raises the
    /// exception <paramref name="fail"/> makes from the reason (a <see cref="ModelFileException"/> for a model, a
    /// <see cref="DataException"/> for data), and the temporary file is removed.
    /// </summary>
    public static void Write(string path, Action<Stream> write, Func<string, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, directory) = Target(path, fail);
        var temporary = TemporaryFiles.For(full, TemporaryFiles.Write);
        // Locked while it is written (FileShare.None), so that another save's clean-up leaves it alone.
        var file = Create(temporary, full, directory, fail, () => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None));
        try
        {
            using (file)
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot be written: {e.Message.Replace(temporary, full, StringComparison.Ordinal)}");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        TemporaryFiles.RemoveStale(full);
    }

    /// <summary>
    /// Checks, before any long work, that <see cref="Write"/> could put a file at <paramref name="path"/>: it is not a
    /// folder, and its folder exists and takes new files. Raises what <paramref name="fail"/> makes from the reason.
    /// </summary>
    public static void CheckWritable(string path, Func<string, Exception> fail)
    {
        var (full, directory) = Target(path, fail);
        var probe = TemporaryFiles.For(full, TemporaryFiles.Probe);
        using (Create(probe, full, directory, fail, () => File.Create(probe, 1, FileOptions.DeleteOnClose))) { }
    }

    /// <summary>
    /// Creates a temporary file beside the target. A failure names the target or its folder, never the temporary file:
    /// a name the user did not give and will not find.
    /// </summary>
    static FileStream Create(string temporary, string full, string directory, Func<string, Exception> fail, Func<FileStream> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail("cannot be written: " + e switch
            {
                UnauthorizedAccessException => $"permission denied: the folder {directory} does not let this user create files",
                FileNotFoundException or DirectoryNotFoundException => $"the folder {directory} does not take new files",
                _ => e.Message.Replace(temporary, full, StringComparison.Ordinal),
            });
        }
    }

    /// <summary>The full path and its folder, once the path is known not to be a folder and its folder to exist.</summary>
    static (string Full, string Directory) Target(string path, Func<string, Exception> fail)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(fail);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw fail("is a folder; give a file name");
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw fail($"cannot be written: the folder {directory} does not exist");
        if (IsReadOnly(full))
            throw fail(OperatingSystem.IsWindows()
                ? "is read-only, so it is not replaced: clear its read-only attribute, or give another file name"
                : "is read-only, so it is not replaced: make it writable (chmod u+w), or give another file name");
        return (full, directory);
    }

    /// <summary>
    /// Whether a file is there and marked read-only: the read-only attribute on Windows, elsewhere its owner's write
    /// permission off (chmod -w, chmod 444). Moving a file over another needs only the folder's permission, and root
    /// passes every permission check, so the mark is checked here rather than left to the system.
    /// </summary>
    static bool IsReadOnly(string full)
    {
        if (!File.Exists(full)) return false;
        return OperatingSystem.IsWindows()
            ? File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly)
            : (File.GetUnixFileMode(full) & UnixFileMode.UserWrite) == 0;
    }
}
