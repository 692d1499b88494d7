namespace ProbLatent.Plotting;

/// <summary>
/// The ellipse {p : (p − c)ᵀ Σ⁻¹ (p − c) = k²} of a 2-D Gaussian with centre c and covariance
/// Σ = [[VarianceX, Covariance], [Covariance, VarianceY]], at k = <see cref="Sigmas"/> standard deviations.
/// A null label keeps it out of the legend.
/// </summary>
public sealed record ScatterEllipse(double CentreX, double CentreY, double VarianceX, double Covariance, double VarianceY,
    double Sigmas, string Colour, bool Dashed = false, string? Label = null);
