namespace ProbLatent.Modeling;

/// <summary>The observation distribution p(x | decoder output).</summary>
public abstract record Likelihood
{
    public static GaussianLikelihood Gaussian(Covariance covariance = Covariance.Full) => new(covariance);

    /// <summary>
    /// A Gaussian whose variance is fixed, not learned (a neural decoder's usual "mean-squared error" likelihood):
    /// each dimension has variance <paramref name="variance"/>.
    /// </summary>
    public static GaussianLikelihood GaussianWithVariance(double variance) =>
        variance > 0 && double.IsFinite(variance)
            ? new(Covariance.Isotropic) { FixedVariance = variance }
            : throw new ModelDefinitionException($"Likelihood.GaussianWithVariance: a fixed variance must be positive and finite, got {variance}");

    /// <summary>Binary observations, each dimension an independent Bernoulli.</summary>
    public static BernoulliLikelihood Bernoulli() => new();
}

public sealed record GaussianLikelihood(Covariance Covariance) : Likelihood
{
    /// <summary>A variance fixed for every dimension, or null when the variance is learned.</summary>
    public double? FixedVariance { get; init; }

    public override string ToString() => FixedVariance is { } v ? $"Gaussian(variance {v})" : $"Gaussian({Covariance})";
}

public sealed record BernoulliLikelihood : Likelihood
{
    public override string ToString() => "Bernoulli";
}
