namespace ProbLatent.Modeling.Graph;

/// <summary>What a parameter is, which decides the priors that suit it.</summary>
public enum ParameterRole
{
    /// <summary>A probability vector over a categorical latent's states (Dirichlet).</summary>
    Weights,
    /// <summary>Probabilities of bits (Beta).</summary>
    Probabilities,
    /// <summary>A mean or offset vector, one per component when selected (Gaussian).</summary>
    Means,
    /// <summary>A precision: a matrix for full covariance (Wishart), scalars otherwise (Gamma).</summary>
    Precisions,
    /// <summary>The columns of a linear map (Gaussian, or ARD).</summary>
    Loadings,
}

/// <summary>
/// A named parameter of a part of the model: its owner (the variable whose distribution it sets), its name within the
/// owner, its role and the length of one of its vectors. A prior may name it by <see cref="FullName"/>, or by
/// <see cref="Name"/> when no other part has a parameter of that name.
/// </summary>
public sealed record ModelParameter(string Owner, string Name, ParameterRole Role, int Size, Covariance? Covariance = null)
{
    public string FullName => $"{Owner}.{Name}";

    /// <summary>Why <paramref name="prior"/> does not suit this parameter, or null when it does.</summary>
    public string? Unsuitable(ParameterPrior prior) => (Role, prior) switch
    {
        (ParameterRole.Weights, DirichletParameterPrior d) when d.Concentrations.Count is not 1 && d.Concentrations.Count != Size =>
            $"has {Size} components but the Dirichlet gives {d.Concentrations.Count} concentrations (give one, or {Size})",
        (ParameterRole.Weights, DirichletParameterPrior) => null,
        (ParameterRole.Probabilities, BetaParameterPrior) => null,
        (ParameterRole.Means or ParameterRole.Loadings, GaussianParameterPrior g) when g.Mean.Count is not 1 && g.Mean.Count != Size =>
            $"has vectors of length {Size} but the Gaussian's mean has {g.Mean.Count} values (give one, or {Size})",
        (ParameterRole.Means or ParameterRole.Loadings, GaussianParameterPrior) => null,
        (ParameterRole.Loadings, ArdParameterPrior) => null,
        (ParameterRole.Precisions, WishartParameterPrior { Shape: { } a }) when Covariance is Modeling.Covariance.Full && !(a > (Size - 1) / 2.0) =>
            $"is a {Size}×{Size} precision, whose Wishart shape must exceed (d − 1)/2 = {(Size - 1) / 2.0}, not {a}",
        (ParameterRole.Precisions, WishartParameterPrior) when Covariance is Modeling.Covariance.Full => null,
        (ParameterRole.Precisions, GammaParameterPrior) when Covariance is not Modeling.Covariance.Full => null,
        _ => $"is {Describe()}, which takes {Suitable()}, not {prior}",
    };

    string Describe() => Role switch
    {
        ParameterRole.Weights => $"a probability vector over {Size} components",
        ParameterRole.Probabilities => "a set of bit probabilities",
        ParameterRole.Means => $"a mean vector of length {Size}",
        ParameterRole.Precisions when Covariance is Modeling.Covariance.Full => $"a {Size}×{Size} precision matrix",
        ParameterRole.Precisions => "a set of scalar precisions",
        _ => "the columns of a linear map",
    };

    string Suitable() => Role switch
    {
        ParameterRole.Weights => "ParameterPrior.Dirichlet",
        ParameterRole.Probabilities => "ParameterPrior.Beta",
        ParameterRole.Means => "ParameterPrior.Gaussian",
        ParameterRole.Precisions when Covariance is Modeling.Covariance.Full => "ParameterPrior.Wishart",
        ParameterRole.Precisions => "ParameterPrior.Gamma",
        _ => "ParameterPrior.Gaussian or ParameterPrior.Ard",
    };

    public override string ToString() => FullName;
}
