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
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(fail);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw fail("is a folder; give a file name");
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw fail($"cannot be written: the folder {directory} does not exist");
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
}
