using ProbLatent.Files;

namespace ProbLatent.Cli.Options;

/// <summary>Where <c>--out</c> saves a model, checked before any training, so an hour of work never ends in a failed save.</summary>
public static class OutputFile
{
    /// <summary>Throws <see cref="ModelFileException"/> unless a file can be written at <paramref name="path"/>.</summary>
    public static void CheckWritable(string path) => AtomicFile.CheckWritable(path, reason => new ModelFileException(path, reason));
}
