using System.Globalization;

namespace ProbLatent.Cli.Output;

/// <summary>How numbers look in the command line's output (invariant culture throughout).</summary>
public static class Format
{
    /// <summary>Name–value lines, names padded to one width, as every fit prints its summary.</summary>
    public static void WriteRows(TextWriter output, IReadOnlyList<(string Name, string Value)> rows)
    {
        var lines = new SummaryRows(output, rows.Select(r => r.Name));
        foreach (var (name, value) in rows) lines.Add(name, value);
    }

    public static string Total(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string PerPoint(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A per-point value in a narrow column: like <see cref="PerPoint"/>, but a diverging run's huge values in E notation.</summary>
    public static string PerPointCompact(double value) => Math.Abs(value) < 1e7 || !double.IsFinite(value)
        ? PerPoint(value)
        : value.ToString("0.####E+0", CultureInfo.InvariantCulture);

    /// <summary>A parameter value: 6 significant digits.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A gap log p − ELBO, which is tiny when q is the exact posterior.</summary>
    public static string Gap(double value) => Math.Abs(value) < 1e-3 && value != 0
        ? value.ToString("0.###E+0", CultureInfo.InvariantCulture)
        : value.ToString("F4", CultureInfo.InvariantCulture);

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>A whole number with thousands separators: 50,000.</summary>
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators and its noun, plural unless the count is one: 1 row, 1,000 rows.</summary>
    public static string Count(double value, string noun) => $"{Count(value)} {noun}{(value == 1 ? "" : "s")}";

    /// <summary>A share as a percentage with one decimal: 13.1%.</summary>
    public static string Percent(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A rate of floating-point operations in GFLOP/s, with two decimals: 74.21.</summary>
    public static string GigaflopsPerSecond(double flopsPerSecond) => (flopsPerSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A Monte Carlo standard error: 3 significant digits, however small.</summary>
    public static string StandardError(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>
    /// The mixture components a fit's q(z) has emptied, with the points each holds in expectation —
    /// "1 of 3, each holding less than one point: 0 (E[N] = 5.97E-96)" — or null when it has emptied none.
    /// </summary>
    public static string? EmptyComponents(Backends.FitResult fit)
    {
        var empty = fit.EmptyComponents;
        if (empty.Count == 0) return null;
        int components = fit.Model.Latents.Select(l => l.Prior).OfType<Modeling.CategoricalPrior>().Single().Components;
        return $"{empty.Count} of {components}, each holding less than one point: " +
               string.Join(", ", empty.Select(c => $"{c.Index} (E[N] = {c.ExpectedCount.ToString("G3", CultureInfo.InvariantCulture)})"));
    }

    /// <summary>A data set in one line: its source, its size and its first column names.</summary>
    public static string Data(ProbLatent.Data.DataMatrix data) =>
        $"{data.Source}, {Count(data.Rows, "point")} × {Count(data.Columns, "column")} ({string.Join(", ", data.ColumnNames.Take(8))}{(data.Columns > 8 ? ", ..." : "")})";

    /// <summary>A time left or taken, as a person reads it: 42 s, 3m 05s, 1h 02m.</summary>
    public static string Duration(TimeSpan time)
    {
        if (time < TimeSpan.Zero) time = TimeSpan.Zero;
        if (time.TotalSeconds < 60) return $"{time.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s";
        if (time.TotalHours < 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes}m {time.Seconds:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}h {time.Minutes:00}m");
    }
}
