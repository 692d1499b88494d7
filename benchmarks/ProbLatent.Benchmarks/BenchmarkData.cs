using ProbLatent.Data;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The benchmark data sets: the shared synthetic three-component mixture, in its 10k and 100k forms, and the
/// first rows of binarized MNIST's training split.
/// </summary>
static class BenchmarkData
{
    static readonly Lazy<DataMatrix> s_mixture = new(() => Csv.Read(MixturePath()));

    public static DataMatrix Mnist(int rows) => BinarizedMnist.Read(SharedPath(Path.Combine("binarized_mnist", "train.bin")), maxRows: rows);

    public static DataMatrix Mixture(int rows) =>
        rows == s_mixture.Value.Rows ? s_mixture.Value : s_mixture.Value.SelectRows(Enumerable.Range(0, rows).ToArray());

    static string MixturePath()
    {
        var configured = Environment.GetEnvironmentVariable("PROBLATENT_MIXTURE_CSV");
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "synthetic", "mixture3_100k.csv");
            if (File.Exists(Path.Combine(dir.FullName, "ProbLatent.sln")) && File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException("mixture3_100k.csv not found: set PROBLATENT_MIXTURE_CSV to its path");
    }

    static string SharedPath(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", relative);
            if (File.Exists(Path.Combine(dir.FullName, "ProbLatent.sln")) && File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException($"{relative} not found in the shared data folder next to the repository");
    }
}
