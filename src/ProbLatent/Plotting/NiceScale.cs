using System.Globalization;

namespace ProbLatent.Plotting;

/// <summary>
/// A linear axis range and its ticks: the data range widened by a margin, with ticks at the multiples of a "nice" step —
/// 1, 2 or 5 times a power of ten — that fall inside it, labelled with as many decimals as the step needs.
/// </summary>
public sealed class NiceScale : IAxisScale
{
    /// <summary>The fraction of the data range added at each end, so that no point sits on the frame.</summary>
    public const double Margin = 0.04;

    NiceScale(double min, double max, double step)
    {
        Min = min;
        Max = max;
        Step = step;
        var ticks = new List<double>();
        // Ticks as integer multiples of the step, not by repeated addition, so that no rounding error accumulates.
        for (long k = (long)Math.Ceiling(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.Add(k * step);
        Ticks = ticks;
        Decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
    }

    /// <summary>The axis's lower end.</summary>
    public double Min { get; }

    /// <summary>The axis's upper end.</summary>
    public double Max { get; }

    /// <summary>The distance between ticks: 1, 2 or 5 × 10ᵏ.</summary>
    public double Step { get; }

    /// <summary>The tick values, in increasing order, each within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The decimals a tick label needs (0 for steps of 1 and more).</summary>
    public int Decimals { get; }

    /// <summary>The range of <paramref name="values"/> with a margin, and about <paramref name="targetTicks"/> ticks.</summary>
    /// <param name="integers">Ticks at whole numbers only (iterations, epochs): the step is at least 1.</param>
    /// <exception cref="ArgumentException">No values, or one that is NaN or infinite.</exception>
    public static NiceScale For(IEnumerable<double> values, int targetTicks = 6, bool integers = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"an axis covers finite values only, got {v}", nameof(values));
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min > max) throw new ArgumentException("an axis needs at least one value", nameof(values));
        return Between(min, max, targetTicks, integers);
    }

    /// <summary>The range [<paramref name="min"/>, <paramref name="max"/>] with a margin at each end.</summary>
    public static NiceScale Between(double min, double max, int targetTicks = 6, bool integers = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"an axis needs finite ends in order, got [{min}, {max}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(targetTicks, 2);
        double span = max - min;
        if (span <= Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12)
        {
            // One value (or all equal): centre it in a range of one unit of its magnitude.
            double half = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= half;
            max += half;
            span = max - min;
        }
        min -= span * Margin;
        max += span * Margin;
        double step = NiceStep((max - min) / (targetTicks - 1));
        if (integers) step = Math.Max(1, step);
        return new NiceScale(min, max, step);
    }

    /// <summary>Where <paramref name="value"/> falls between <paramref name="from"/> (at <see cref="Min"/>) and <paramref name="to"/> (at <see cref="Max"/>).</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);

    /// <summary>A tick's label, in the invariant culture, with a true minus sign.</summary>
    public string Label(double tick)
    {
        var text = tick.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (double.Parse(text, CultureInfo.InvariantCulture) == 0) return text.TrimStart('-');
        return text.Replace('-', '−');
    }

    /// <summary>The nice number (1, 2 or 5 × 10ᵏ) nearest <paramref name="rough"/> (Heckbert's rounding, Graphics Gems 1990).</summary>
    static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * power;
    }
}
