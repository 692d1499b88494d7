using System.Globalization;

namespace ProbLatent.Cli.Output;

/// <summary>How numbers look in the command line's output (invariant culture throughout).</summary>
public static class Format
{
    public static string Total(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string PerPoint(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A parameter value: 6 significant digits.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A gap log p − ELBO, which is tiny when q is the exact posterior.</summary>
    public static string Gap(double value) => Math.Abs(value) < 1e-3 && value != 0
        ? value.ToString("0.###E+0", CultureInfo.InvariantCulture)
        : value.ToString("F4", CultureInfo.InvariantCulture);

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";
}
