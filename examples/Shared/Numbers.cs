namespace ExampleSupport;

/// <summary>Number formats the examples share, so their tables read alike.</summary>
internal static class Numbers
{
    /// <summary>A log-density or ELBO total: three decimals, as the Old Faithful reference value is quoted.</summary>
    public static string Total(double value) => value.ToString("F3");

    /// <summary>
    /// A gap log p(x) − ELBO: in scientific notation when it is rounding-sized (an exact posterior leaves 1e-13, and
    /// rounding can make that slightly negative), in decimals otherwise.
    /// </summary>
    public static string Gap(double value) => Math.Abs(value) < 1e-3 ? value.ToString("0.0E+0") : value.ToString("F3");

    /// <summary>
    /// Whether ELBO ≤ log p(x) holds: "yes"; "yes, equal" when the ELBO is above by no more than rounding (the ELBO of
    /// the exact posterior is log p(x) itself, and the two are summed differently); "NO" for a real violation.
    /// </summary>
    public static string BoundCheck(double logLikelihood, double elbo) =>
        elbo <= logLikelihood ? "yes" : elbo - logLikelihood <= 1e-9 * Math.Abs(logLikelihood) ? "yes, equal" : "NO";

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("F1");
}
