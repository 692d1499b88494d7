using System.Security.Cryptography;
using ProbLatent.Data;
using Xunit.Sdk;

namespace ProbLatent.Tests.Data;

/// <summary>
/// The data shipped with the tests is what TestData/README.md says it is, a slice of the shared data; and a test that
/// needs the shared data is skipped without it, saying where to put it, or fails where the shared data is required.
/// </summary>
public class ShippedDataTests
{
    [SkippableFact]
    public void The_mnist_slices_are_the_documented_rows_of_the_shared_splits()
    {
        AssertSame(BinarizedMnist.ReadSingle(SharedData.PathOf("binarized_mnist/train.bin"), maxRows: 1000), BinarizedMnist.ReadSingle(ShippedData.MnistTrain));
        AssertSame(BinarizedMnist.ReadSingle(SharedData.PathOf("binarized_mnist/test.bin")).EveryNthRow(25), BinarizedMnist.ReadSingle(ShippedData.MnistTest));
    }

    [SkippableFact]
    public void The_bayesian_pca_set_is_the_shared_file()
    {
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(SharedData.PathOf("synthetic/bpca_1000x10.csv"))),
            SHA256.HashData(File.ReadAllBytes(ShippedData.BayesianPca)));
    }

    [Fact]
    public void A_missing_shared_file_skips_the_test_and_says_where_to_put_the_data()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<Xunit.SkipException>(() => SharedData.PathIn(folder.Path, "binarized_mnist/test.bin", required: false));
        Assert.Equal($"needs the shared test data 'binarized_mnist/test.bin', which is not at {Path.Combine(folder.Path, "binarized_mnist/test.bin")}: " +
                     "put the project's data folder at ../shared/data beside the repository root, or set PROBLATENT_SHARED_DATA to a copy of it", e.Message);
    }

    [Fact]
    public void Where_the_shared_data_is_required_a_missing_file_fails_the_test()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<FailException>(() => SharedData.PathIn(folder.Path, "faithful.csv", required: true));
        Assert.Contains("needs the shared test data 'faithful.csv'", e.Message);
        Assert.EndsWith("(PROBLATENT_REQUIRE_SHARED_DATA is set, so the shared data must be there)", e.Message);
    }

    [Fact]
    public void A_file_that_is_there_is_found()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["faithful.csv"], "eruptions,waiting\n");
        Assert.Equal(folder["faithful.csv"], SharedData.PathIn(folder.Path, "faithful.csv", required: true));
    }

    static void AssertSame(FloatMatrix expected, FloatMatrix shipped)
    {
        Assert.Equal((expected.Rows, expected.Columns), (shipped.Rows, shipped.Columns));
        Assert.True(expected.Values.SequenceEqual(shipped.Values), $"{shipped.Source} differs from its rows of {expected.Source}");
    }
}
