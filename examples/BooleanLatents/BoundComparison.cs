namespace BooleanLatents;

/// <summary>
/// One set of parameters evaluated exactly: total log p(x), the ELBO of the exact posterior (log p(x) itself, up to
/// rounding), the ELBO of a mean-field q, and Σₙ KL(qₙ ‖ p(z | xₙ)) computed directly, which must equal the mean-field gap.
/// </summary>
public sealed record BoundComparison(string Parameters, double LogLikelihood, double ExactElbo, double MeanFieldElbo, double MeanFieldKl)
{
    public double MeanFieldGap => LogLikelihood - MeanFieldElbo;
}
