namespace ProbLatent.Modeling;

/// <summary>The observation distribution p(x | decoder output).</summary>
public abstract record Likelihood
{
    public static GaussianLikelihood Gaussian(Covariance covariance = Covariance.Full) => new(covariance);

    /// <summary>Binary observations, each dimension an independent Bernoulli.</summary>
    public static BernoulliLikelihood Bernoulli() => new();
}

public sealed record GaussianLikelihood(Covariance Covariance) : Likelihood
{
    public override string ToString() => $"Gaussian({Covariance})";
}

public sealed record BernoulliLikelihood : Likelihood
{
    public override string ToString() => "Bernoulli";
}
