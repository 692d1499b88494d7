namespace ProbLatent.Plotting;

/// <summary>
/// The colours series and groups take in order: Tableau 10 (matplotlib's default cycle), ten hues that stay apart on a
/// projector; the eleventh series reuses the first colour.
/// </summary>
public static class Palette
{
    public static IReadOnlyList<string> Colours { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>The colour of the series or group at <paramref name="index"/> (0-based).</summary>
    public static string Colour(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Colours[index % Colours.Count];
    }
}
