using ProbLatent.Files;

namespace ProbLatent.Cli.Options;

/// <summary>
/// Where <c>--out</c> writes, checked before any work: that it is none of the command's inputs, and that a file can be
/// written there, so that no input is replaced by an output and an hour of work never ends in a failed save.
/// </summary>
public static class OutputFile
{
    /// <summary>
    /// Checks a model's <c>--out</c>: <see cref="CheckNotAnInput"/>, then that a file can be written there
    /// (<see cref="ModelFileException"/> if not).
    /// </summary>
    public static void Check(string path, IEnumerable<(string Option, string Path)> inputs)
    {
        CheckNotAnInput("--out", path, inputs);
        AtomicFile.CheckWritable(path, reason => new ModelFileException(path, reason));
    }

    /// <summary>
    /// Throws <see cref="UsageException"/> when <paramref name="output"/> is the same file as one of
    /// <paramref name="inputs"/> (by <see cref="ResolvedPath"/>), naming both as they were given.
    /// </summary>
    /// <param name="option">The option that names the output, such as <c>--out</c>.</param>
    /// <param name="inputs">Each input file, with the option it came from: <c>("--data", "f.csv")</c>.</param>
    public static void CheckNotAnInput(string option, string output, IEnumerable<(string Option, string Path)> inputs)
    {
        foreach (var (inputOption, input) in inputs)
            if (ResolvedPath.Same(output, input))
                throw new UsageException($"{option} {output} is the same file as {inputOption} {input}, which it would replace; give another file name for the output");
    }
}
