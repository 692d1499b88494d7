namespace ProbLatent.Backends;

/// <summary>
/// The convergence rule of the iterative backends (EM and VMP): a restart has converged when one iteration changes its
/// objective by less than the tolerance per data point, |objectiveₜ − objectiveₜ₋₁| / N &lt; tolerance.
/// </summary>
/// <remarks>
/// Per data point, so one tolerance suits 100 rows and a million. Absolute, not relative to the objective: rescaling the
/// data by s shifts a log-density by −D·log s per point but leaves its changes from iteration to iteration as they
/// were, so the rule stops a fit of s·x where it stops the fit of x, while a relative change would depend on the units.
/// The change's size, whatever its sign: both objectives never decrease, so a decrease is rounding, and a larger one
/// (a bug, or a diverging fit) must not pass for convergence.
/// </remarks>
public static class Convergence
{
    /// <summary>The default tolerance of EM and VMP, in nats per data point.</summary>
    public const double DefaultTolerance = 1e-8;

    /// <summary>Whether the step from <paramref name="previous"/> to <paramref name="current"/> meets the rule; never for a negative tolerance.</summary>
    public static bool Reached(double previous, double current, int dataCount, double tolerance) =>
        Math.Abs(current - previous) / dataCount < tolerance;
}
