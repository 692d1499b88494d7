namespace ProbLatent.Tests;

static class ReadOnlyFile
{
    /// <summary>Marks a file read-only as a user would: the read-only attribute on Windows, chmod 444 elsewhere.</summary>
    public static void Mark(string path)
    {
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, FileAttributes.ReadOnly);
        else File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
