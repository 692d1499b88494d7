using ProbLatent.Data;
using ProbLatent.Parquet;

namespace ProbLatent.Cli.Options;

/// <summary>
/// <c>--data</c> as a table read in blocks: a Parquet file, several files separated by commas, or a folder of CSV or Parquet
/// files — one data set, the folder's files in sorted order, every file with the same columns. A single CSV file is read
/// whole as before (<see cref="ModelOptions.ReadData"/>), and a folder of <c>.bin</c> files is binarized MNIST.
/// </summary>
public static class TableData
{
    /// <summary>The extensions a folder's data files have.</summary>
    public static readonly string[] Extensions = [".csv", ".parquet"];

    /// <summary>Rows a backend that fits in memory reads a source into at most: beyond, only EM and VMP over a mixture stream it.</summary>
    public const int InMemoryRows = 10_000_000;

    /// <summary>Whether <paramref name="path"/> names a table read in blocks rather than one CSV file or binarized MNIST.</summary>
    public static bool Applies(string? path) =>
        path is not null && ((path.Contains(',') && !File.Exists(path)) || IsParquet(path) || (Directory.Exists(path) && HoldsTables(path)));

    static bool IsParquet(string path) => string.Equals(Path.GetExtension(path), ".parquet", StringComparison.OrdinalIgnoreCase);

    static bool HoldsTables(string folder) =>
        Directory.EnumerateFiles(folder).Any(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));

    /// <summary>The paths <c>--data</c> names, in the order given: one file whose name holds a comma is itself.</summary>
    public static string[] Paths(string path) => File.Exists(path) ? [path] : path.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The data set <paramref name="path"/> names, read in blocks, with the selected columns.</summary>
    public static DataSource Open(string path, ColumnSelection selection, MissingValues missing = MissingValues.Refused)
    {
        var files = DataFiles.Expand(Paths(path), Extensions);
        var parts = files.Select(f => IsParquet(f) ? ParquetSource.Open(f, selection, missing) : DataSource.CsvFile(f, selection, missing: missing)).ToArray();
        // A folder is named as given; a list of files as DataSource.Concatenate names one, by its first file.
        return DataSource.Concatenate(parts, files.Count > 1 && Directory.Exists(path) ? $"{path} ({files.Count} files)" : null);
    }

    static string Describe(string path, int files) =>
        Directory.Exists(path) ? $"{path} ({files} files)" : $"{Paths(path)[0]} and {files - 1} more file{(files == 2 ? "" : "s")}";

    /// <summary>The data set read into memory for a backend that fits it there, refused beyond <paramref name="maximumRows"/>, naming what streams it.</summary>
    public static DataMatrix ReadAll(string path, ColumnSelection selection, MissingValues missing = MissingValues.Refused, int maximumRows = InMemoryRows) =>
        Open(path, selection, missing).ReadAll(maximumRows, tooLarge: () => new UsageException(
            $"--data {path} has more than {maximumRows:N0} rows, more than this command reads into memory; " +
            "'problatent fit --backend em' or '--backend vmp' streams it for --model gmm or bernoulli-mixture"));
}
