using ProbLatent.Cli.Output;
using ProbLatent.Data;

namespace ProbLatent.Cli.Options;

/// <summary>
/// The data a variational autoencoder trains on, in single precision: a training set, and from a data folder the test
/// set and, when there is one, the validation set.
/// </summary>
/// <remarks>
/// <c>--data DIR</c> reads <c>DIR/train.bin</c> and <c>DIR/test.bin</c>, and <c>DIR/valid.bin</c> when present (binarized
/// MNIST, <see cref="BinarizedMnist.ReadSingle"/>: 50,000 images take 157 MB as floats). A single file — <c>.bin</c>, or
/// CSV, or <c>--example</c> — is training data only. Every file must have the training set's number of columns.
/// </remarks>
public sealed record VaeData(FloatMatrix Train, FloatMatrix? Validation, FloatMatrix? Test)
{
    public const string TrainFile = "train.bin";
    public const string ValidationFile = "valid.bin";
    public const string TestFile = "test.bin";

    /// <summary>Reads the sets <paramref name="options"/> name (validated already: see <see cref="ModelOptions.Validate"/>).</summary>
    public static VaeData Load(ModelOptions options)
    {
        if (options.DataFile is { } path && Directory.Exists(path)) return LoadFolder(path);
        if (options.DataFile is { } file && ModelOptions.IsBinFile(file)) return new(BinarizedMnist.ReadSingle(file), null, null);
        return new(FloatMatrix.From(options.LoadData()), null, null);
    }

    /// <summary>The training set alone: <c>DIR/train.bin</c> for a folder, otherwise what <see cref="Load"/> reads.</summary>
    public static FloatMatrix LoadTraining(ModelOptions options)
    {
        if (options.DataFile is not { } path || !Directory.Exists(path)) return Load(options).Train;
        return BinarizedMnist.ReadSingle(Required(path, TrainFile));
    }

    static VaeData LoadFolder(string folder)
    {
        var train = Required(folder, TrainFile);
        var test = Required(folder, TestFile);
        var validation = Path.Combine(folder, ValidationFile);
        var data = new VaeData(
            BinarizedMnist.ReadSingle(train),
            File.Exists(validation) ? BinarizedMnist.ReadSingle(validation) : null,
            BinarizedMnist.ReadSingle(test));
        foreach (var other in new[] { data.Validation, data.Test })
            if (other is not null && other.Columns != data.Train.Columns)
                throw new DataException($"has {Format.Count(other.Columns, "column")} but {TrainFile} has {data.Train.Columns}: every set needs the training set's columns", other.Source);
        return data;
    }

    /// <summary>A file a data folder must hold, by its full path; its absence is an error saying what the folder holds.</summary>
    static string Required(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
            throw new DataException(
                $"has no {name}: a data folder holds {TrainFile} and {TestFile}, and optionally {ValidationFile} " +
                "(binarized MNIST); give a single .bin or CSV file to train without a test set", folder);
        return path;
    }

    /// <summary>
    /// Checks every value is 0 or 1, as a Bernoulli likelihood needs, naming the first that is not: before any output, rather
    /// than when training starts.
    /// </summary>
    public void CheckBinary()
    {
        foreach (var set in new[] { Train, Validation, Test })
            if (set is not null) BinaryData.Check(set.CheckBinary, "--likelihood gaussian");
    }

    /// <summary>One line describing the sets: rows, columns and where they came from.</summary>
    public string Describe()
    {
        static string Rows(FloatMatrix m) => Format.Count(m.Rows);
        var parts = new List<string> { $"train {Rows(Train)} × {Train.Columns} ({Train.Source})" };
        if (Validation is not null) parts.Add($"validation {Rows(Validation)} ({Validation.Source})");
        parts.Add(Test is not null ? $"test {Rows(Test)} ({Test.Source})" : "no test set");
        return string.Join(", ", parts);
    }
}
