namespace ProbLatent.Plotting;

/// <summary>The checks every chart makes of what it is given, with errors that name the series and the point.</summary>
internal static class ChartInput
{
    public static void Label(string label, string what)
    {
        if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException($"{what} needs a label for the legend");
    }

    /// <summary>Checks x and y have the same number of values, at least one, and all finite.</summary>
    public static void Points(string what, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0) throw new ArgumentException($"{what} has no points");
        if (x.Count != y.Count) throw new ArgumentException($"{what} has {x.Count} x values but {y.Count} y values");
        for (int i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"{what}: point {i} is ({x[i]}, {y[i]}); a chart plots finite values only");
    }

    public static void Finite(string what, params double[] values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"{what} is {v}; a chart plots finite values only");
    }
}
