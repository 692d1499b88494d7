using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// No command replaces its own input with its output, however the two paths are spelled, and none replaces a file
/// marked read-only: the user's data and models survive a slip of the command line.
/// </summary>
public sealed class CliOutputIsNoInputTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    string DataFile(string name = "faithful.csv") => FaithfulCsv.Write(_folder, name, "eruptions", "waiting");

    /// <summary>A data folder of tiny binarized-MNIST train and test files.</summary>
    string MnistFolder()
    {
        var folder = _folder["mnist"];
        Directory.CreateDirectory(folder);
        TempMnist.Write(Path.Combine(folder, "train.bin"), 20, 16, seed: 1);
        TempMnist.Write(Path.Combine(folder, "test.bin"), 20, 16, seed: 2);
        return folder;
    }

    /// <summary>Runs a command that must be refused as a usage error naming both paths, and checks the file is untouched.</summary>
    static void RefusedAndUntouched(string file, string output, string input, string inputOption, string outputOption, params string[] args)
    {
        var before = File.ReadAllBytes(file);
        CliRun.Refused(ExitCodes.UsageError,
            $"error: {outputOption} {output} is the same file as {inputOption} {input}, which it would replace; give another file name for the output", args);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void FitRefusesToSaveOverItsData()
    {
        var data = DataFile();
        RefusedAndUntouched(data, data, data, "--data", "--out", "fit", "--data", data, "--model", "gmm", "--out", data);
        // Another spelling of the same path.
        var dotted = Path.Combine(_folder.Path, "sub", "..", ".", "faithful.csv");
        Directory.CreateDirectory(_folder["sub"]);
        RefusedAndUntouched(data, dotted, data, "--data", "--out", "fit", "--data", data, "--model", "gmm", "--out", dotted);
    }

    [Fact]
    public void ALinkToTheDataOrToItsFolderIsTheData()
    {
        var data = DataFile();
        var linkedFile = _folder["link.csv"];
        File.CreateSymbolicLink(linkedFile, data);
        RefusedAndUntouched(data, linkedFile, data, "--data", "--out", "fit", "--data", data, "--model", "gmm", "--out", linkedFile);
        Directory.CreateDirectory(_folder["elsewhere"]);
        var linkedFolder = Path.Combine(_folder["elsewhere"], "linked");
        Directory.CreateSymbolicLink(linkedFolder, _folder.Path);
        var throughFolder = Path.Combine(linkedFolder, "faithful.csv");
        RefusedAndUntouched(data, throughFolder, data, "--data", "--out", "fit", "--data", data, "--model", "gmm", "--out", throughFolder);
        // A relative link, whose target is found from the link's own folder.
        var relative = Path.Combine(_folder["elsewhere"], "relative.csv");
        File.CreateSymbolicLink(relative, Path.Combine("..", "faithful.csv"));
        RefusedAndUntouched(data, relative, data, "--data", "--out", "encode", "--model", SavedModels.OldFaithful(_folder), "--data", data, "--out", relative);
    }

    [Fact]
    public void EncodeRefusesToWriteOverItsDataOrItsModel()
    {
        var data = DataFile();
        var model = SavedModels.OldFaithful(_folder);
        RefusedAndUntouched(data, data, data, "--data", "--out", "encode", "--model", model, "--data", data, "--out", data);
        RefusedAndUntouched(model, model, model, "--model", "--out", "encode", "--model", model, "--data", data, "--out", model);
        RefusedAndUntouched(model, model, model, "--model", "--out", "sample", "--model", model, "--count", "5", "--out", model);
    }

    [Fact]
    public void AVaeRefusesToSaveOverAFileOfItsDataFolder()
    {
        var folder = MnistFolder();
        var test = Path.Combine(folder, "test.bin");
        RefusedAndUntouched(test, test, test, "--data", "--out", "fit", "--model", "vae", "--data", folder, "--hidden", "4", "--latent-dim", "2", "--out", test);
    }

    [Fact]
    public void AnAutoencoderRefusesToSaveOverTheModelItsReportDrawsBeside()
    {
        var folder = MnistFolder();
        // Refused before the saved model is read: any file stands for it.
        var beside = _folder["vae-2d.plm"];
        File.WriteAllText(beside, "a saved vae");
        RefusedAndUntouched(beside, beside, beside, "--beside", "--out", "fit", "--model", "autoencoder", "--data", folder, "--hidden", "4", "--latent-dim", "2",
            "--report", _folder["report"], "--beside", beside, "--out", beside);
    }

    [Fact]
    public void AReportRefusesToWriteOverTheData()
    {
        // Data that happens to sit in the report folder under the name of a file the report writes.
        var report = _folder["report"];
        Directory.CreateDirectory(report);
        var data = DataFile(Path.Combine("report", "table.md"));
        var before = File.ReadAllBytes(data);
        var run = CliRun.Of("compare", "--data", data, "--model", "gmm", "--backends", "em", "--report", report);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal($"error: --report {data} is the same file as --data {data}, which it would replace; give another file name for the output", run.ErrorLine);
        Assert.Equal(before, File.ReadAllBytes(data));
    }

    [Fact]
    public void AReadOnlyModelIsNotReplaced()
    {
        var path = SavedModels.OldFaithful(_folder);
        var before = File.ReadAllBytes(path);
        ReadOnlyFile.Mark(path);
        // Refused before the fit, as a file that cannot be written: the tests may run as root, whom the system would let through.
        var run = CliRun.Of("fit", "--example", "old-faithful", "--seed", "2", "--out", path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith($"error: {path}: is read-only, so it is not replaced", run.ErrorLine);
        Assert.Equal("", run.Out);
        Assert.Equal(before, File.ReadAllBytes(path));
        var csv = _folder["draws.csv"];
        File.WriteAllText(csv, "kept");
        ReadOnlyFile.Mark(csv);
        run = CliRun.Of("sample", "--model", path, "--count", "5", "--out", csv);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith($"error: {csv}: is read-only, so it is not replaced", run.ErrorLine);
        Assert.Equal("kept", File.ReadAllText(csv));
    }
}
