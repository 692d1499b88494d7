namespace ProbLatent.Modeling;

/// <summary>The form of a Gaussian likelihood's covariance.</summary>
public enum Covariance
{
    /// <summary>A full d×d covariance.</summary>
    Full,
    /// <summary>Independent dimensions, each with its own variance (factor analysis, diagonal mixtures).</summary>
    Diagonal,
    /// <summary>One variance shared by all dimensions, σ²I (probabilistic PCA).</summary>
    Isotropic,
}
