using System.Globalization;

namespace ProbLatent.Plotting;

/// <summary>
/// A logarithmic axis for positive values (iterations from 1 to thousands, where the first few matter as much as the
/// last thousand): ticks at 1, 2 and 5 × 10ᵏ, or at the powers of ten alone when the axis spans more than three decades.
/// </summary>
public sealed class LogScale : IAxisScale
{
    LogScale(double min, double max)
    {
        Min = min;
        Max = max;
        double decades = Math.Log10(max / min);
        double[] multiples = decades > 3 ? [1] : [1, 2, 5];
        var ticks = new List<double>();
        for (int power = (int)Math.Floor(Math.Log10(min)); power <= (int)Math.Ceiling(Math.Log10(max)); power++)
            foreach (var m in multiples)
            {
                // Parsed from text rather than m × 10^power, so that 0.1 is 0.1 and not 0.10000000000000002.
                double tick = double.Parse(string.Create(CultureInfo.InvariantCulture, $"{m}e{power}"), CultureInfo.InvariantCulture);
                if (tick >= min * (1 - 1e-12) && tick <= max * (1 + 1e-12)) ticks.Add(tick);
            }
        Ticks = ticks;
    }

    public double Min { get; }
    public double Max { get; }
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>The range of <paramref name="values"/>, widened by <see cref="NiceScale.Margin"/> of its width in log space at each end.</summary>
    /// <exception cref="ArgumentException">No values, or one that is not positive and finite.</exception>
    public static LogScale For(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!(v > 0) || double.IsInfinity(v)) throw new ArgumentException($"a logarithmic axis covers positive finite values only, got {v}", nameof(values));
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min > max) throw new ArgumentException("an axis needs at least one value", nameof(values));
        if (max / min < 10)
        {
            // Less than a decade: widen it to one around the values' geometric middle, so that there are ticks to show.
            double middle = Math.Sqrt(min * max);
            min = Math.Min(min, middle / Math.Sqrt(10));
            max = Math.Max(max, middle * Math.Sqrt(10));
        }
        double margin = Math.Pow(max / min, NiceScale.Margin);
        return new LogScale(min / margin, max * margin);
    }

    public double Map(double value, double from, double to) => from + Math.Log(value / Min) / Math.Log(Max / Min) * (to - from);

    public string Label(double tick) => tick.ToString(tick >= 1 ? "0" : "0.####", CultureInfo.InvariantCulture);
}
