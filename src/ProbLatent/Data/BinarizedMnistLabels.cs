using System.Security.Cryptography;

namespace ProbLatent.Data;

/// <summary>
/// The digit of each row of the standard binarized-MNIST test split (Larochelle &amp; Murray), which carries no labels but
/// is the MNIST test set stably sorted by digit: rows [0, 980) are zeros, [980, 2115) ones, and so on (the counts of the
/// MNIST test classes, as the project's data README documents). The file is recognised by its SHA-256, so no other file
/// of 10,000 rows is ever given these labels.
/// </summary>
public static class BinarizedMnistLabels
{
    /// <summary>The SHA-256 of the test split's <c>test.bin</c> (the <see cref="BinarizedMnist"/> format), in lower-case hex.</summary>
    public const string TestFileSha256 = "65d4832ffa6e2984f7721a481d469798a1c5665bda5f3cc4bc442cd0eaf5a6ac";

    /// <summary>Where each digit's rows start in the test split, and (last) its row count.</summary>
    static readonly int[] TestDigitStarts = [0, 980, 2115, 3147, 4157, 5139, 6031, 6989, 8017, 8991, 10000];

    /// <summary>The digit of each of the test split's 10,000 rows, in file order.</summary>
    public static int[] Test()
    {
        var labels = new int[TestDigitStarts[^1]];
        for (int digit = 0; digit < 10; digit++)
            Array.Fill(labels, digit, TestDigitStarts[digit], TestDigitStarts[digit + 1] - TestDigitStarts[digit]);
        return labels;
    }

    /// <summary>The labels of the file at <paramref name="path"/> if it is the test split (by its SHA-256), else null.</summary>
    public static int[]? ForFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists || file.Length != BinarizedMnist.HeaderBytes + (long)TestDigitStarts[^1] * 784 / 8) return null;
        using var stream = file.OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == TestFileSha256 ? Test() : null;
    }
}
