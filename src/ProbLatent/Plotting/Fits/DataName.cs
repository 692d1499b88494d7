namespace ProbLatent.Plotting.Fits;

/// <summary>How a chart's title names a data set: an example's name as it is, a file by its name without the folders.</summary>
internal static class DataName
{
    public static string Of(string source) => Path.GetFileName(Path.TrimEndingDirectorySeparator(source)) is { Length: > 0 } name ? name : source;
}
