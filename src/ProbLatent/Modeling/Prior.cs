namespace ProbLatent.Modeling;

/// <summary>The prior of a latent variable in a model description. Its parameters are learned by the fit.</summary>
public abstract record Prior
{
    /// <summary>The number of values the latent variable holds per data point.</summary>
    public abstract int Dimension { get; }

    /// <summary>z ∈ {0..K−1}, one per data point, with learned mixing weights.</summary>
    public static CategoricalPrior Categorical(int components) => new(components);

    /// <summary>z ~ N(0, I) of the given dimension.</summary>
    public static StandardNormalPrior StandardNormal(int dimension) => new(dimension);

    /// <summary>
    /// z ~ Σ_c π_c N(μ_c, diag σ²_c): a mixture of Gaussians whose weights, means and variances are learned with the
    /// rest of a variational autoencoder.
    /// </summary>
    public static GaussianMixturePrior MixtureOfGaussians(int components, int dimension) => new(components, dimension);

    /// <summary>z ∈ {0,1}^n with independent Bernoulli priors whose probabilities are learned.</summary>
    public static BernoulliPrior Bernoulli(int dimension) => new(dimension);
}

public sealed record CategoricalPrior : Prior
{
    public CategoricalPrior(int components)
    {
        if (components < 1)
            throw new ModelDefinitionException($"Prior.Categorical: components must be at least 1, got {components}");
        Components = components;
    }

    public int Components { get; }
    public override int Dimension => 1;
    public override string ToString() => $"Categorical({Components})";
}

public sealed record StandardNormalPrior : Prior
{
    public StandardNormalPrior(int dimension)
    {
        if (dimension < 1)
            throw new ModelDefinitionException($"Prior.StandardNormal: dimension must be at least 1, got {dimension}");
        LatentDimension = dimension;
    }

    public int LatentDimension { get; }
    public override int Dimension => LatentDimension;
    public override string ToString() => $"StandardNormal({LatentDimension})";
}

public sealed record BernoulliPrior : Prior
{
    public BernoulliPrior(int dimension)
    {
        if (dimension < 1)
            throw new ModelDefinitionException($"Prior.Bernoulli: dimension must be at least 1, got {dimension}");
        LatentDimension = dimension;
    }

    public int LatentDimension { get; }
    public override int Dimension => LatentDimension;
    public override string ToString() => $"Bernoulli({LatentDimension})";
}

public sealed record GaussianMixturePrior : Prior
{
    public GaussianMixturePrior(int components, int dimension)
    {
        if (components < 1)
            throw new ModelDefinitionException($"Prior.MixtureOfGaussians: components must be at least 1, got {components}");
        if (dimension < 1)
            throw new ModelDefinitionException($"Prior.MixtureOfGaussians: dimension must be at least 1, got {dimension}");
        Components = components;
        LatentDimension = dimension;
    }

    public int Components { get; }
    public int LatentDimension { get; }
    public override int Dimension => LatentDimension;
    public override string ToString() => $"MixtureOfGaussians({Components}, {LatentDimension})";
}
