namespace ProbLatent.Plotting;

/// <summary>How an axis maps data values to positions, and where its ticks go: linear (<see cref="NiceScale"/>) or logarithmic (<see cref="LogScale"/>).</summary>
public interface IAxisScale
{
    /// <summary>The axis's lower end.</summary>
    double Min { get; }

    /// <summary>The axis's upper end.</summary>
    double Max { get; }

    /// <summary>The tick values, in increasing order, each within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    IReadOnlyList<double> Ticks { get; }

    /// <summary>Where <paramref name="value"/> falls between <paramref name="from"/> (at <see cref="Min"/>) and <paramref name="to"/> (at <see cref="Max"/>).</summary>
    double Map(double value, double from, double to);

    /// <summary>A tick's label, in the invariant culture, with a true minus sign.</summary>
    string Label(double tick);
}
