using System.Globalization;
using System.Numerics;

namespace ProbLatent.Data;

/// <summary>
/// The checks a Gaussian likelihood puts on data, for either precision a data set is held in: no column is constant, and
/// no value is so large, nor any column's spread so small, that the arithmetic of a fit leaves the precision's range.
/// </summary>
/// <remarks>
/// Why the limits. The fits square the data (second moments, Mahalanobis distances), and some square those again: an
/// eigen-decomposition of the covariance (exact PPCA) sums squares of its entries, VMP's Wishart posterior multiplies sums
/// of x xᵀ. The largest magnitude whose fourth power, summed over as many values as one data set can hold (2³¹), stays
/// below double's maximum is (1.8e308 / 2³¹)^¼ ≈ 9.7e74, so values up to <see cref="DoubleLimit"/> = 1e74 cannot overflow.
/// The same argument for the reciprocals keeps the precisions (1 / variance) and their squares finite: a column must
/// spread over at least 1 / <see cref="DoubleLimit"/>. The reparameterized engine computes in single precision and squares
/// differences once, never a second moment: (3.4e38 / 2³¹)^½ ≈ 4.0e14 gives <see cref="SingleLimit"/> = 1e14. Both are
/// rounded down to a power of ten so that the message reads plainly; data beyond them is almost always in the wrong unit,
/// and rescaling a column changes a fit only by a constant.
/// </remarks>
internal static class GaussianValues
{
    /// <summary>The largest magnitude a fit in double precision takes, and the reciprocal of the smallest spread.</summary>
    public const double DoubleLimit = 1e74;

    /// <summary>The largest magnitude a fit in single precision takes, and the reciprocal of the smallest spread.</summary>
    public const double SingleLimit = 1e14;

    /// <summary>
    /// Data to fit a Gaussian likelihood to: every column varies (when there are two rows or more), within the limits. The
    /// first column that does not is named, with its largest value or its spread and how to rescale it.
    /// </summary>
    public static void CheckTraining<T>(ReadOnlySpan<T> values, DataShape shape, double limit) where T : IFloatingPointIeee754<T>
    {
        var columns = Columns<T>.Of(values, shape.Columns);
        for (int j = 0; j < shape.Columns; j++)
        {
            var c = columns[j];
            if (shape.Rows >= 2 && c.Min == c.Max) throw shape.Error(j, null, $"the column is constant ({c.Min}); a Gaussian likelihood needs variation in every column: drop it");
            CheckMagnitude(c, j, shape, limit);
            double spread = double.CreateChecked(c.Max) - double.CreateChecked(c.Min);
            if (shape.Rows >= 2 && spread < 1 / limit)
                throw shape.Error(j, null,
                    $"its values span only {Number(spread)} (from {Number(c.Min)} to {Number(c.Max)}), below the {Number(1 / limit)} at which a fit's " +
                    $"precisions (1 / variance) overflow {Precision(limit)} precision: rescale the column (multiply it by {PowerOfTen(-Math.Floor(Math.Log10(spread)))}, say)");
        }
    }

    /// <summary>Data to evaluate a fitted Gaussian likelihood on: no value beyond the limit.</summary>
    public static void CheckEvaluation<T>(ReadOnlySpan<T> values, DataShape shape, double limit) where T : IFloatingPointIeee754<T>
    {
        var columns = Columns<T>.Of(values, shape.Columns);
        for (int j = 0; j < shape.Columns; j++) CheckMagnitude(columns[j], j, shape, limit);
    }

    static void CheckMagnitude<T>(Columns<T> c, int j, DataShape shape, double limit) where T : IFloatingPointIeee754<T>
    {
        double largest = double.CreateChecked(T.Abs(c.Largest));
        if (largest > limit)
            throw shape.Error(j, c.LargestRow,
                $"{Number(c.Largest)} is the column's largest magnitude, beyond the {Number(limit)} up to which a fit's sums of squares stay " +
                $"finite in {Precision(limit)} precision: rescale the column (divide it by {PowerOfTen(Math.Floor(Math.Log10(largest)))}, say)");
    }

    static string Precision(double limit) => limit == SingleLimit ? "single" : "double";

    /// <summary>Four significant digits in scientific notation, as the values checked here are extreme: -9.433e307.</summary>
    static string Number<T>(T value) where T : IFloatingPointIeee754<T> => double.CreateChecked(value).ToString("0.###e0", CultureInfo.InvariantCulture);

    /// <summary>A power of ten as text (1e310 is beyond double, but not beyond what a user can multiply by in two steps).</summary>
    static string PowerOfTen(double exponent) => $"1e{exponent.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>One column's smallest and largest value, and the value of largest magnitude with its row.</summary>
    readonly record struct Columns<T>(T Min, T Max, T Largest, int LargestRow) where T : IFloatingPointIeee754<T>
    {
        /// <remarks>A NaN is a missing cell (a data set holds one only when read with missing values allowed) and is skipped.</remarks>
        public static Columns<T>[] Of(ReadOnlySpan<T> values, int width)
        {
            var result = new Columns<T>[width];
            var seen = new bool[width];
            for (int i = 0; i < values.Length; i++)
            {
                ref var c = ref result[i % width];
                var v = values[i];
                if (T.IsNaN(v)) continue;
                if (!seen[i % width])
                {
                    seen[i % width] = true;
                    c = new(v, v, v, i / width);
                    continue;
                }
                if (v < c.Min) c = c with { Min = v };
                if (v > c.Max) c = c with { Max = v };
                if (T.Abs(v) > T.Abs(c.Largest)) c = c with { Largest = v, LargestRow = i / width };
            }
            return result;
        }
    }
}

/// <summary>Where a data set's values came from, for the errors its checks raise: its size, source, column names and lines.</summary>
/// <param name="FirstLine">The 1-based line of row 0 in the text file it was read from, when its rows are consecutive lines.</param>
/// <param name="FirstRow">The row of the file or data set that row 0 is, for a block of it.</param>
internal readonly record struct DataShape(int Rows, int Columns, string Source, IReadOnlyList<string>? ColumnNames, int? FirstLine, int FirstRow = 0)
{
    /// <summary>A <see cref="DataException"/> at <paramref name="column"/> (and <paramref name="row"/> of these rows, when given).</summary>
    public DataException Error(int column, int? row, string reason) =>
        new(reason, Source, row + FirstRow, column, row is { } r && FirstLine is { } first ? first + r : null, ColumnNames?[column]);
}
