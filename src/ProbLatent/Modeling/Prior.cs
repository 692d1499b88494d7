namespace ProbLatent.Modeling;

/// <summary>
/// The prior of a latent variable in a model description: its kind and size, and, when <see cref="Given"/> says so,
/// how its parameters depend on a latent declared before it. Its parameters are learned by the fit.
/// </summary>
public abstract record Prior
{
    /// <summary>The number of values the latent variable holds per data point.</summary>
    public abstract int Dimension { get; }

    /// <summary>How the latent depends on an earlier latent, or null for a root of the graph.</summary>
    public PriorCondition? Condition { get; private init; }

    /// <summary>
    /// The latent is conditioned on the earlier latent <paramref name="parent"/> through <paramref name="decoder"/>, whose
    /// likelihood is this latent's distribution: <c>Prior.Bernoulli(5).Given("h2", Decoder.Linear(Likelihood.Bernoulli()))</c>
    /// is a sigmoid belief net layer, <c>Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian()))</c>
    /// a Gaussian whose mean and covariance the categorical c selects. A decoder that reads two latents (a per-component
    /// linear one) names the other with <c>.From</c> or <c>.SelectedBy</c>.
    /// </summary>
    public Prior Given(string parent, Decoder decoder)
    {
        if (string.IsNullOrWhiteSpace(parent)) throw new ModelDefinitionException($"{this}.Given: name the latent it depends on");
        if (decoder is null) throw new ModelDefinitionException($"{this}.Given(\"{parent}\"): the decoder is null");
        if (Condition is not null) throw new ModelDefinitionException($"{this} is already given {Condition}");
        return this with { Condition = new PriorCondition(parent, decoder) };
    }

    /// <summary>The prior's own text, without its condition.</summary>
    protected abstract string Describe();

    public sealed override string ToString() => Condition is null ? Describe() : $"{Describe()} given {Condition}";

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

    /// <summary>
    /// A categorical latent whose prior is a Markov chain over the time steps of each sequence: z₁ ~ π,
    /// zₜ | zₜ₋₁ ~ A[zₜ₋₁], with the initial distribution π and the K×K transition matrix A learned. With a per-component
    /// decoder as its emission it is a hidden Markov model: <c>Prior.MarkovChain(Prior.Categorical(2))</c>.
    /// </summary>
    /// <param name="states">The states the chain runs over: a root <see cref="Categorical"/> prior.</param>
    public static MarkovChainPrior MarkovChain(Prior states) => states switch
    {
        null => throw new ModelDefinitionException("Prior.MarkovChain(null): give the states, Prior.Categorical(K)"),
        CategoricalPrior { Condition: not null } => throw new ModelDefinitionException(
            $"Prior.MarkovChain({states}): the chain's states are its own; a categorical latent is not conditioned on another, so give Prior.Categorical(K) alone"),
        CategoricalPrior c => new(c.Components),
        _ => throw new ModelDefinitionException(
            $"Prior.MarkovChain({states}): a Markov chain here runs over the states of a categorical latent, Prior.Categorical(K), not a " +
            $"{states switch { BernoulliPrior => "boolean", MarkovChainPrior => "chain (a chain of chains)", _ => "Gaussian" }} latent"),
    };
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
    protected override string Describe() => $"Categorical({Components})";
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
    protected override string Describe() => $"StandardNormal({LatentDimension})";
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
    protected override string Describe() => $"Bernoulli({LatentDimension})";
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
    protected override string Describe() => $"MixtureOfGaussians({Components}, {LatentDimension})";
}

public sealed record MarkovChainPrior : Prior
{
    internal MarkovChainPrior(int states) => States = states;

    /// <summary>K, the number of states the chain moves between.</summary>
    public int States { get; }

    /// <summary>One state per time step.</summary>
    public override int Dimension => 1;
    protected override string Describe() => $"MarkovChain(Categorical({States}))";
}
