namespace ProbLatent.Data;

/// <summary>The check a categorical likelihood puts on data: every value is a symbol index.</summary>
internal static class SymbolValues
{
    /// <summary>
    /// Every value is one of the integers 0..<paramref name="symbols"/> − 1; the first that is not (a fraction, a value out of
    /// range, a missing cell) is named by its row and column. A categorical model does not marginalise missing symbols.
    /// </summary>
    public static void Check(ReadOnlySpan<double> values, int symbols, DataShape shape)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (v >= 0 && v < symbols && v == Math.Floor(v)) continue;
            string reason = double.IsNaN(v)
                ? $"is missing, but a categorical likelihood needs a symbol 0..{symbols - 1} in every cell"
                : $"value {v} is not one of the symbols 0..{symbols - 1}, which a categorical likelihood of {symbols} symbols needs (data coded as symbol indices)";
            throw shape.Error(i % shape.Columns, i / shape.Columns, reason);
        }
    }
}
