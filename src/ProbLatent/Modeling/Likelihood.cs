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

    /// <summary>
    /// Discrete symbols: each column of the observed variable holds a symbol index 0..<paramref name="symbols"/> − 1 (data
    /// coded as integers), the columns independent given the component, each with its own probabilities over the symbols.
    /// </summary>
    public static CategoricalLikelihood Categorical(int symbols) =>
        symbols >= 2
            ? new(symbols)
            : throw new ModelDefinitionException($"Likelihood.Categorical: a categorical likelihood needs at least 2 symbols, got {symbols}");
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

/// <summary>A categorical over <see cref="Symbols"/> symbols in each column, the data their indices 0..S − 1.</summary>
public sealed record CategoricalLikelihood : Likelihood
{
    internal CategoricalLikelihood(int symbols) => Symbols = symbols;

    /// <summary>S, the number of symbols each column takes.</summary>
    public int Symbols { get; }

    public override string ToString() => $"Categorical({Symbols} symbols)";
}
