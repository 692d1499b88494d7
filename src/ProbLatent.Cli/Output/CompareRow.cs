using ProbLatent.Backends;

namespace ProbLatent.Cli.Output;

/// <summary>
/// One row of <c>compare</c>'s table: a backend's fit, or the exact backend's evaluation of another backend's parameters
/// (<paramref name="ParametersFrom"/> names that backend).
/// </summary>
public sealed record CompareRow(FitResult Fit, string? ParametersFrom = null)
{
    /// <summary>"em", or "exact at em's θ".</summary>
    public string Label => ParametersFrom is null ? Fit.Backend : $"{Fit.Backend} at {ParametersFrom}'s θ";
}
