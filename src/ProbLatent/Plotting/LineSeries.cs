namespace ProbLatent.Plotting;

/// <summary>A line through (x, y) points, named in the legend; the colour is the palette's for its position unless given.</summary>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, string? Colour = null)
{
    /// <summary>
    /// For a noisy series (a stochastic-gradient trace): above 1, the values are drawn thin and faint, and over them their
    /// centred moving average over this many points, in full colour.
    /// </summary>
    public int Smoothing { get; init; } = 1;

    /// <summary>A series at x = 1, 2, 3, … (iterations, epochs).</summary>
    public static LineSeries Numbered(string label, IReadOnlyList<double> y, string? colour = null) =>
        new(label, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y, colour);

    /// <summary>
    /// The moving average of <see cref="Y"/> over <see cref="Smoothing"/> points, centred on each point; near the ends the
    /// window keeps its length and shifts inward, so that the last points are not averages of a few noisy values.
    /// </summary>
    public double[] Smoothed()
    {
        int window = Math.Min(Smoothing, Y.Count);
        var result = new double[Y.Count];
        for (int i = 0; i < Y.Count; i++)
        {
            int from = Math.Clamp(i - window / 2, 0, Y.Count - window), to = from + window - 1;
            double sum = 0;
            for (int j = from; j <= to; j++) sum += Y[j];
            result[i] = sum / (to - from + 1);
        }
        return result;
    }
}
