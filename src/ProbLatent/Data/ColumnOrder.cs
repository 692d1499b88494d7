namespace ProbLatent.Data;

/// <summary>
/// Matches new data to the columns a model was fitted on, by name: a model computes with its columns by position, so
/// data whose columns are in another order, or are other columns, would be scored and encoded as the wrong points.
/// </summary>
/// <remarks>
/// The rule, as scikit-learn's for feature names: when both the model and the data have named columns
/// (<see cref="DataMatrix.HasColumnNames"/>), the names must agree. The same names in another order are put in the
/// model's order — the names say which column is which, and a CSV header names each column once — and any other
/// difference is refused, showing both lists. A model without names (fitted on unnamed data, or saved before models kept
/// their names) or data without them is matched by position.
/// </remarks>
public static class ColumnOrder
{
    /// <summary>
    /// <paramref name="data"/> with its columns in the order of <paramref name="names"/>: itself when they are already
    /// (or either side has no names), its columns rearranged when they are the same names in another order.
    /// </summary>
    /// <param name="names">The columns the model was fitted on, or null when it does not know them.</param>
    /// <param name="model">The model, for the message: "the model in faithful.plm".</param>
    /// <exception cref="DataException">The data's columns are not the model's, by number or by name; the message shows both.</exception>
    public static DataMatrix Match(DataMatrix data, IReadOnlyList<string>? names, string model)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (names is null || !data.HasColumnNames || data.ColumnNames.SequenceEqual(names, StringComparer.Ordinal)) return data;
        if (names.Count == data.Columns && Distinct(names) && Distinct(data.ColumnNames) && !names.Except(data.ColumnNames, StringComparer.Ordinal).Any())
            return Rearranged(data, names);
        throw new DataException($"has columns ({Describe(data.ColumnNames)}), but {model} was fitted on columns ({Describe(names)}): {Difference(data.ColumnNames, names)}",
            data.Source);
    }

    /// <summary>Column names for a message: all of a few, or the first ones and how many in all.</summary>
    public static string Describe(IReadOnlyList<string> names) =>
        names.Count <= 8 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(6))}, … {names.Count} in all";

    static bool Distinct(IReadOnlyList<string> names) => names.Distinct(StringComparer.Ordinal).Count() == names.Count;

    /// <summary>Which names one side has and the other lacks; for the same names repeated differently, the first position that differs.</summary>
    static string Difference(IReadOnlyList<string> data, IReadOnlyList<string> names)
    {
        var missing = names.Except(data, StringComparer.Ordinal).ToArray();
        var extra = data.Except(names, StringComparer.Ordinal).ToArray();
        var parts = new List<string>();
        if (missing.Length > 0) parts.Add($"the model's {Quoted(missing)} {(missing.Length == 1 ? "is" : "are")} not in the data");
        if (extra.Length > 0) parts.Add($"the data's {Quoted(extra)} {(extra.Length == 1 ? "is" : "are")} not in the model");
        if (parts.Count > 0) return string.Join(", and ", parts);
        int j = 0;
        while (j < data.Count && j < names.Count && data[j] == names[j]) j++;
        return $"the names repeat differently: column {j + 1} is {(j < data.Count ? $"'{data[j]}'" : "missing")} in the data " +
               $"and {(j < names.Count ? $"'{names[j]}'" : "missing")} in the model";
    }

    static string Quoted(IReadOnlyList<string> names) => Describe(names.Select(name => $"'{name}'").ToArray());

    static DataMatrix Rearranged(DataMatrix data, IReadOnlyList<string> names)
    {
        var position = data.ColumnNames.Select((name, j) => (name, j)).ToDictionary(c => c.name, c => c.j, StringComparer.Ordinal);
        return data.Gathered(names.Select(name => position[name]).ToArray());
    }
}
