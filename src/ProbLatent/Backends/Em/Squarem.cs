namespace ProbLatent.Backends.Em;

/// <summary>
/// One SQUAREM step (Varadhan and Roland 2008, scheme S3) of a monotone fixed-point map F — an EM step — in coordinates θ
/// where every point is a valid model: with r = F(θ) − θ and v = F(F(θ)) − 2F(θ) + θ, α = −max(1, ‖r‖/‖v‖), the point
/// θ − 2αr + α²v is mapped once more by F. Its objective is compared with F(F(θ))'s, and α halves towards −1 (where the
/// step is F(F(θ)) itself) until it is no lower, so a step never gains less than two EM steps and the climb stays monotone.
/// </summary>
internal static class Squarem
{
    /// <summary>Halvings of an extrapolation that lowered the objective, before the step falls back to two EM steps.</summary>
    const int Backtracks = 8;

    /// <param name="start">θ₀'s model.</param>
    /// <param name="map">F: one EM step.</param>
    /// <param name="objective">The objective F climbs (log p(x | θ) + log p(θ)); −∞ or NaN for a point that is no model.</param>
    /// <param name="coordinates">θ of a model.</param>
    /// <param name="model">The model of any θ; it may throw <see cref="ArgumentException"/> or a <see cref="ProbLatentException"/>
    /// for a point outside the models (an overflowing variance), which the step treats as one that lowered the objective.</param>
    public static T Step<T>(T start, Func<T, T> map, Func<T, double> objective, Func<T, double[]> coordinates, Func<double[], T> model)
    {
        var once = map(start);
        var twice = map(once);
        double[] t0 = coordinates(start), t1 = coordinates(once), t2 = coordinates(twice);
        var r = new double[t0.Length];
        var v = new double[t0.Length];
        for (int i = 0; i < t0.Length; i++)
        {
            r[i] = t1[i] - t0[i];
            v[i] = t2[i] - 2 * t1[i] + t0[i];
        }
        double rNorm = Math.Sqrt(r.Sum(x => x * x)), vNorm = Math.Sqrt(v.Sum(x => x * x));
        if (!(vNorm > 0) || !double.IsFinite(rNorm / vNorm)) return twice;
        double floor = objective(twice);
        var extrapolated = new double[t0.Length];
        for (double alpha = -Math.Max(1, rNorm / vNorm), tried = 0; tried < Backtracks && alpha < -1; alpha = (alpha - 1) / 2, tried++)
        {
            for (int i = 0; i < t0.Length; i++) extrapolated[i] = t0[i] - 2 * alpha * r[i] + alpha * alpha * v[i];
            if (Candidate(extrapolated, map, model) is { } candidate && objective(candidate) >= floor) return candidate;
        }
        return twice;
    }

    static T? Candidate<T>(double[] theta, Func<T, T> map, Func<double[], T> model)
    {
        try
        {
            return map(model(theta));
        }
        catch (Exception e) when (e is ArgumentException or ProbLatentException)
        {
            return default;
        }
    }
}
