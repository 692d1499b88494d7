using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

public class CliSampleTests
{
    [Fact]
    public void DrawsFromTheSavedMixtureWithItsComponentsAndTheSeedFixesTheRows()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var run = CliRun.Of("sample", "--model", path, "--count", "2000", "--seed", "3", "--latents");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("", run.Error);
        var sample = run.OutCsv;
        // The data's columns under the names of the columns the model was fitted on.
        Assert.Equal(["eruptions", "waiting", "z"], sample.ColumnNames);
        Assert.Equal(2000, sample.Rows);

        // Each component's rows have its mean, in its share: the z column says which component drew the row.
        var gmm = LatentModelFile.Load<GaussianMixture>(path);
        for (int k = 0; k < 2; k++)
        {
            var rows = Enumerable.Range(0, sample.Rows).Where(n => sample[n, 2] == k).ToArray();
            Assert.InRange(rows.Length / 2000.0, gmm.Weights[k] - 0.05, gmm.Weights[k] + 0.05);
            Assert.Equal(gmm.Mean(k)[0], rows.Average(n => sample[n, 0]), 0.1);
            Assert.InRange(rows.Average(n => sample[n, 1]), gmm.Mean(k)[1] - 1.5, gmm.Mean(k)[1] + 1.5);
        }
        Assert.All(Enumerable.Range(0, sample.Rows), n => Assert.True(sample[n, 2] is 0 or 1));

        Assert.Equal(run.Out, CliRun.Of("sample", "--model", path, "--count", "2000", "--seed", "3", "--latents").Out);
        Assert.NotEqual(run.Out, CliRun.Of("sample", "--model", path, "--count", "2000", "--seed", "4", "--latents").Out);
    }

    [Fact]
    public void OutWritesTheSameRowsToAFileAndSaysWhat()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var csv = folder["sample.csv"];
        var run = CliRun.Of("sample", "--model", path, "--count", "10", "--out", csv);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(CliRun.Of("sample", "--model", path, "--count", "10").Out, File.ReadAllText(csv));
        Assert.Equal($"wrote 10 rows (eruptions, waiting) to {csv}: draws from {path} " +
                     "(Gaussian mixture: 2 components, full covariances, data dimension 2, 11 free parameters), seed 0", run.Out.TrimEnd());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        var one = CliRun.Of("sample", "--model", path, "--count", "1", "--out", csv);
        Assert.StartsWith($"wrote 1 row (eruptions, waiting) to {csv}", one.Out);
    }

    [Fact]
    public void LatentVectorsAreNamedZ1ToZq()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("sample", "--model", SavedModels.IrisPpca(folder), "--count", "5", "--latents");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "z1", "z2"], run.OutCsv.ColumnNames);
    }

    [Fact]
    public void AVaeDrawsBinaryPixelsAndMeansGivesTheirProbabilities()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Vae(folder);
        var draws = CliRun.Of("sample", "--model", path, "--count", "20", "--latents").OutCsv;
        // The pixel names of the binarized-MNIST file it was trained on.
        Assert.Equal([.. Enumerable.Range(0, 64).Select(i => $"p{i}"), "z1", "z2"], draws.ColumnNames);
        Assert.All(Enumerable.Range(0, 20 * 64), i => Assert.True(draws[i / 64, i % 64] is 0 or 1));

        var means = CliRun.Of("sample", "--model", path, "--count", "20", "--means").OutCsv;
        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"p{i}"), means.ColumnNames);
        Assert.All(means.Values.ToArray(), p => Assert.InRange(p, 0, 1));
        Assert.Contains(means.Values.ToArray(), p => p is not (0 or 1));
    }

    [Fact]
    public void BooleanLatentsDrawBinaryPixelsAndBits()
    {
        using var folder = new TempFolder();
        var (path, _) = SavedModels.Boolean(folder);
        var sample = CliRun.Of("sample", "--model", path, "--count", "50", "--latents").OutCsv;
        Assert.Equal(11, sample.Columns);
        Assert.Equal(["z1", "z2", "z3"], sample.ColumnNames.Skip(8));
        Assert.All(sample.Values.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void CtrlCStopsASampleAndLeavesNoFile()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["sample", "--model", path, "--count", "10", "--out", folder["s.csv"]], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal($"error: cancelled; {folder["s.csv"]} was not written (an earlier file there is as it was)", stderr.ToString().TrimEnd());
        Assert.Equal([System.IO.Path.GetFileName(path)], Directory.GetFiles(folder.Path).Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public void BadRequestsAreOneLineErrors()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);


        CliRun.Refused(ExitCodes.UsageError, "error: --count must be at least 1, got 0 (see 'problatent sample --help')", "sample", "--model", path, "--count", "0");
        CliRun.Refused(ExitCodes.UsageError, "error: --count expects a whole number, got 'many' (see 'problatent sample --help')", "sample", "--model", path, "--count", "many");
        // A whole number out of range is told so, with the range (it once read "expects a whole number").
        CliRun.Refused(ExitCodes.UsageError, "error: --count must be between 1 and 2147483647, got 99999999999 (see 'problatent sample --help')",
            "sample", "--model", path, "--count", "99999999999");
        CliRun.Refused(ExitCodes.UsageError, "error: Option '--count' is required (see 'problatent sample --help')", "sample", "--model", path);
        CliRun.Refused(ExitCodes.UsageError, "error: Option '--model' is required (see 'problatent sample --help')", "sample", "--count", "3");
        CliRun.Refused(ExitCodes.UsageError, $"error: --means applies to a vae, whose decoder gives pixel probabilities or means; {path} holds a GaussianMixture", "sample",
            "--model", path, "--count", "3", "--means");
        CliRun.Refused(ExitCodes.UsageError, $"error: --out {path} is the same file as --model {path}, which it would replace; give another file name for the output",
            "sample", "--model", path, "--count", "3", "--out", path);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["none.plm"]}: file not found", "sample", "--model", folder["none.plm"], "--count", "3");
        var missingFolder = folder[System.IO.Path.Combine("missing", "s.csv")];
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {missingFolder}: cannot be written: the folder {System.IO.Path.GetDirectoryName(missingFolder)} does not exist", "sample",
            "--model", path, "--count", "3", "--out", missingFolder);

        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 1;
        File.WriteAllBytes(folder["corrupt.plm"], bytes);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["corrupt.plm"]}: is corrupt: its SHA-256 checksum does not match its contents (modified or damaged)", "sample",
            "--model", folder["corrupt.plm"], "--count", "3");
        File.WriteAllBytes(folder["short.plm"], bytes[..100]);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["short.plm"]}: is truncated: a 229-byte header does not fit in its 100 bytes", "sample",
            "--model", folder["short.plm"], "--count", "3");

        var verbose = CliRun.Of("sample", "--model", folder["corrupt.plm"], "--count", "3", "--verbose");
        Assert.Contains("ProbLatent.ModelFileException", verbose.Error);
        Assert.Contains("   at ", verbose.Error);
    }
}
