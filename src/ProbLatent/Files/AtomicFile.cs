using System.Text;

namespace ProbLatent.Files;

/// <summary>
/// Writes a file whole or not at all: into a temporary file in the same folder, flushed to disk, then moved over the
/// final name. An interrupted write leaves any earlier file at that name intact, and never a half-written one.
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
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot be written: {e.Message}");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// Checks, before any long work, that <see cref="Write"/> could put a file at <paramref name="path"/>: it is not a
    /// folder, and its folder exists and takes new files. Raises what <paramref name="fail"/> makes from the reason.
    /// </summary>
    public static void CheckWritable(string path, Func<string, Exception> fail)
    {
        var (full, directory) = Target(path, fail);
        var probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot be written: {e.Message}");
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
        return (full, directory);
    }
}
