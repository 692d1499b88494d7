namespace MnistVae;

/// <summary>What the example runs: where the data is, how long to train, how to estimate log p(x), where to save.</summary>
/// <param name="DataFolder">Holds train.bin and test.bin (binarized MNIST).</param>
/// <param name="Epochs">Passes over the training rows.</param>
/// <param name="TrainRows">Train on the first this many rows of train.bin only (null: all 50,000).</param>
/// <param name="IwaeSamples">Importance samples per point for the estimate of log p(x) on every 10th test row.</param>
/// <param name="OutFile">Where the trained model is saved (and loaded back from).</param>
public sealed record Settings(string DataFolder, int Epochs = 5, int? TrainRows = null, int IwaeSamples = 1000, string OutFile = "mnist-vae.plm")
{
    public const string TrainFile = "train.bin";
    public const string TestFile = "test.bin";

    /// <summary>The test file is sorted by digit, so log p(x) is estimated on every 10th row: all digits, a tenth of the cost.</summary>
    public const int IwaeEvery = 10;

    public const string Usage =
        "usage: dotnet run -c Release --project examples/MnistVae -- [DATA_FOLDER] [--epochs N] [--train-rows N] [--iwae K] [--out FILE]\n" +
        "  DATA_FOLDER    holds train.bin and test.bin (binarized MNIST); default ../shared/data/binarized_mnist next to the repository root\n" +
        "  --epochs N     passes over the training data (default 5)\n" +
        "  --train-rows N train on the first N rows only (default all)\n" +
        "  --iwae K       importance samples per point for log p(x) on every 10th test row (default 1000)\n" +
        "  --out FILE     where to save the trained model (default mnist-vae.plm)";

    /// <summary>Reads the command line; a bad argument is an <see cref="ArgumentException"/> saying which and why.</summary>
    public static Settings Parse(IReadOnlyList<string> args, Func<string?> defaultFolder)
    {
        string? folder = null, outFile = null;
        int? epochs = null, trainRows = null, iwae = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--epochs": epochs = Positive(arg, Value(args, ref i)); break;
                case "--train-rows": trainRows = Positive(arg, Value(args, ref i)); break;
                case "--iwae": iwae = Positive(arg, Value(args, ref i)); break;
                case "--out": outFile = Value(args, ref i); break;
                case var _ when arg.StartsWith('-'): throw new ArgumentException($"unknown option '{arg}'");
                case var _ when folder is null: folder = arg; break;
                default: throw new ArgumentException($"one data folder is enough: '{folder}' and '{arg}' given");
            }
        }
        folder ??= defaultFolder() ?? throw new ArgumentException(
            "no data folder given, and no repository root (a folder holding ProbLatent.sln) above this one to find ../shared/data/binarized_mnist from");
        var defaults = new Settings(folder);
        return defaults with
        {
            Epochs = epochs ?? defaults.Epochs,
            TrainRows = trainRows,
            IwaeSamples = iwae ?? defaults.IwaeSamples,
            OutFile = outFile ?? defaults.OutFile,
        };
    }

    /// <summary>The data files, or an <see cref="ArgumentException"/> naming what is missing and where it was looked for.</summary>
    public (string Train, string Test) DataFiles()
    {
        var (train, test) = (Path.Combine(DataFolder, TrainFile), Path.Combine(DataFolder, TestFile));
        var missing = new[] { train, test }.Where(f => !File.Exists(f)).Select(Path.GetFileName).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException(
                $"binarized MNIST not found: {string.Join(" and ", missing)} missing in {Path.GetFullPath(DataFolder)}; the folder must hold " +
                $"{TrainFile} and {TestFile} (the BMNIST01 format of ProbLatent.Data.BinarizedMnist): give its path as the first argument");
        return (train, test);
    }

    static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    static int Positive(string option, string value) =>
        int.TryParse(value, out int n) && n >= 1 ? n : throw new ArgumentException($"{option} needs a whole number of at least 1, got '{value}'");
}
