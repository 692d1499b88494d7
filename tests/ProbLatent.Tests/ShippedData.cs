namespace ProbLatent.Tests;

/// <summary>
/// The small data files shipped with the tests (<c>TestData/</c>, copied beside the test assembly; see its README):
/// slices of the shared data that every clone has, so the tests that read them run everywhere.
/// </summary>
static class ShippedData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>A folder of binarized MNIST slices as the CLI and the MNIST example read it: <c>train.bin</c> (1,000 rows) and <c>test.bin</c> (400 rows).</summary>
    public static string MnistFolder => Path.Combine(Folder, "binarized_mnist");

    /// <summary>The first 1,000 rows of the shared training split.</summary>
    public static string MnistTrain => PathOf("binarized_mnist/train.bin");

    /// <summary>Every 25th row of the shared test split, so all ten digits in their order.</summary>
    public static string MnistTest => PathOf("binarized_mnist/test.bin");

    /// <summary>The shared Bayesian-PCA set, 1,000 rows of z·W + mu + noise with a 3-dimensional z.</summary>
    public static string BayesianPca => PathOf("bpca_1000x10.csv");

    static string PathOf(string relative)
    {
        var path = Path.Combine(Folder, relative);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"the shipped test data '{relative}' is missing from the test output: expected it at {path} (tests/ProbLatent.Tests/TestData, copied by the project file)", path);
    }
}
