using System.Collections;
using System.Reflection;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Output;

/// <summary>
/// Turns fitted parameters into lines of text, whatever their concrete class: it prints the public properties
/// of the <see cref="ILatentModel"/> a fit returns (weights, means and covariances of a mixture; W, μ and the
/// noise of PPCA and factor analysis), with numbers, vectors, matrices and lists of them laid out readably and
/// long vectors summarised. A new parameter class needs no change here; a special layout can be added in
/// <see cref="FormatValue"/>.
/// </summary>
public static class ParameterFormatter
{
    /// <summary>Vectors longer than this are summarised (first values, count, range).</summary>
    public const int MaxVectorLength = 12;

    /// <summary>Matrices with more rows than this show the first rows only.</summary>
    public const int MaxMatrixRows = 12;

    /// <summary>Lists with more items than this show the first items only.</summary>
    public const int MaxListItems = 10;

    const int MaxDepth = 3;

    static readonly HashSet<string> s_shownElsewhere = [nameof(ILatentModel.Family), nameof(ILatentModel.DataDimension), nameof(ILatentModel.ParameterCount)];

    /// <summary>Lines describing the parameters: a title line, then one block per property.</summary>
    public static IReadOnlyList<string> Format(ILatentModel parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var lines = new List<string>
        {
            $"{parameters.GetType().Name}: {parameters.Family}, data dimension {parameters.DataDimension}, {parameters.ParameterCount} free parameters",
        };
        AppendProperties(lines, parameters, indent: "  ", depth: 0);
        return lines;
    }

    static void AppendProperties(List<string> lines, object owner, string indent, int depth)
    {
        foreach (var property in PublicProperties(owner.GetType()))
        {
            object? value;
            try { value = property.GetValue(owner); }
            catch (TargetInvocationException e) { value = $"<{e.InnerException?.GetType().Name ?? "error"}>"; }
            AppendNamed(lines, property.Name, value, indent, depth);
        }
    }

    static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !s_shownElsewhere.Contains(p.Name)
                        && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);

    static void AppendNamed(List<string> lines, string name, object? value, string indent, int depth)
    {
        var block = FormatValue(value, indent + "  ", depth);
        if (block.Count == 1 && !block[0].StartsWith(indent + "  ", StringComparison.Ordinal)) lines.Add($"{indent}{name}: {block[0]}");
        else
        {
            lines.Add($"{indent}{name}:");
            lines.AddRange(block);
        }
    }

    /// <summary>
    /// One value as lines: a single line without indentation for scalars and short vectors, or indented lines
    /// for matrices, lists and nested objects.
    /// </summary>
    public static IReadOnlyList<string> FormatValue(object? value, string indent, int depth)
    {
        switch (value)
        {
            case null: return ["(none)"];
            case double d: return [Output.Format.Number(d)];
            case float f: return [Output.Format.Number(f)];
            case string s: return [s];
            case bool b: return [Output.Format.YesNo(b)];
            case Enum or int or long: return [value.ToString()!];
            case double[] vector: return [Vector(vector)];
            case float[] vector: return [Vector(Array.ConvertAll(vector, x => (double)x))];
            case double[,] matrix: return Matrix(matrix, indent);
            case IEnumerable<double> doubles: return [Vector(doubles.ToArray())];
        }
        if (AsArray(value) is { } converted) return FormatValue(converted, indent, depth);
        if (value is IEnumerable items) return List(items.Cast<object?>().ToList(), indent, depth);
        if (depth < MaxDepth && HasReadableProperties(value.GetType()))
        {
            var lines = new List<string>();
            AppendProperties(lines, value, indent, depth + 1);
            if (lines.Count > 0) return lines;
        }
        return [value.ToString() ?? value.GetType().Name];
    }

    /// <summary>Linear-algebra types (vectors and matrices of other libraries) through their <c>ToArray()</c>.</summary>
    static object? AsArray(object value)
    {
        var toArray = value.GetType().GetMethod("ToArray", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (toArray is null || !(toArray.ReturnType == typeof(double[]) || toArray.ReturnType == typeof(double[,]))) return null;
        return toArray.Invoke(value, null);
    }

    static bool HasReadableProperties(Type type) =>
        !type.IsPrimitive && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true && PublicProperties(type).Any();

    static IReadOnlyList<string> List(List<object?> items, string indent, int depth)
    {
        var lines = new List<string>();
        for (int i = 0; i < Math.Min(items.Count, MaxListItems); i++)
        {
            var block = FormatValue(items[i], indent + "  ", depth);
            if (block.Count == 1 && !block[0].StartsWith(indent + "  ", StringComparison.Ordinal)) lines.Add($"{indent}[{i}] {block[0]}");
            else
            {
                lines.Add($"{indent}[{i}]");
                lines.AddRange(block);
            }
        }
        if (items.Count > MaxListItems) lines.Add($"{indent}... {items.Count - MaxListItems} more ({items.Count} in all)");
        if (items.Count == 0) lines.Add($"{indent}(empty)");
        return lines;
    }

    static IReadOnlyList<string> Matrix(double[,] matrix, string indent)
    {
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        var lines = new List<string>();
        for (int i = 0; i < Math.Min(rows, MaxMatrixRows); i++)
        {
            var row = new double[columns];
            for (int j = 0; j < columns; j++) row[j] = matrix[i, j];
            lines.Add(indent + Vector(row));
        }
        if (rows > MaxMatrixRows) lines.Add($"{indent}... {rows - MaxMatrixRows} more rows ({rows}×{columns})");
        return lines;
    }

    /// <summary>A vector on one line; long ones as their first values, length and range.</summary>
    public static string Vector(IReadOnlyList<double> values)
    {
        if (values.Count <= MaxVectorLength) return "[" + string.Join(", ", values.Select(Output.Format.Number)) + "]";
        var head = string.Join(", ", values.Take(6).Select(Output.Format.Number));
        return $"[{head}, ...] ({values.Count} values, min {Output.Format.Number(values.Min())}, max {Output.Format.Number(values.Max())}, mean {Output.Format.Number(values.Average())})";
    }
}
