using ProbLatent.Data;

namespace ProbLatent.Benchmarks;

/// <summary>Benchmark data from the shared data folder next to the repository: the first rows of binarized MNIST's training split.</summary>
static class BenchmarkData
{
    public static DataMatrix Mnist(int rows) => BinarizedMnist.Read(SharedPath(Path.Combine("binarized_mnist", "train.bin")), maxRows: rows);

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
