namespace ProbLatent.Cli.Options;

/// <summary>Where <c>--out</c> saves a model, checked before any training, so an hour of work never ends in a failed save.</summary>
public static class OutputFile
{
    /// <summary>Throws <see cref="ModelFileException"/> unless a file can be written at <paramref name="path"/>.</summary>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ModelFileException(path, "is a folder; give a file name for the model, such as model.plm");
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new ModelFileException(path, $"cannot be written: the folder {folder} does not exist");
        // The model is written next to its final name and moved into place: make sure the folder takes a new file.
        var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be written: {e.Message}");
        }
    }
}
