using ProbLatent.Backends;

namespace ProbLatent.Cli.Output;

/// <summary>
/// One row of <c>compare</c>'s table: a backend's fit, or the exact backend's evaluation of another backend's parameters
/// (<paramref name="ParametersFrom"/> names that backend); <paramref name="OtherModel"/> names the model fitted when it is
/// not the table's (the rbm beside an sbn).
/// </summary>
public sealed record CompareRow(FitResult Fit, string? ParametersFrom = null, string? OtherModel = null)
{
    /// <summary>"em", "exact at em's θ", or "contrastive (rbm)".</summary>
    public string Label => (ParametersFrom is null ? Fit.Backend : $"{Fit.Backend} at {ParametersFrom}'s θ") + (OtherModel is null ? "" : $" ({OtherModel})");
}
