using System.Numerics;

namespace ProbLatent.Data;

/// <summary>
/// The check a learned Gaussian variance puts on data, for either precision a data set is held in: a constant column
/// has zero variance, and a likelihood whose variance is learned grows without bound on it.
/// </summary>
internal static class ConstantColumns
{
    /// <summary>The first column whose values are all equal, or −1 (never for fewer than two rows).</summary>
    public static int First<T>(ReadOnlySpan<T> values, int rows, int columns) where T : INumber<T>
    {
        if (rows < 2) return -1;
        for (int j = 0; j < columns; j++)
        {
            T first = values[j];
            int n = 1;
            while (n < rows && values[n * columns + j] == first) n++;
            if (n == rows) return j;
        }
        return -1;
    }

    /// <summary>The reason a constant column is refused, for the message.</summary>
    public static string Reason<T>(T value) =>
        $"is constant ({value}); a Gaussian likelihood needs variation in every column: drop it";
}
