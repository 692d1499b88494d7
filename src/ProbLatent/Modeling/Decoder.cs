namespace ProbLatent.Modeling;

/// <summary>
/// How latent variables set the parameters of a likelihood: p(x | z) for the observed variable, or p(h | parent) for a
/// latent conditioned by <see cref="Prior.Given"/>. Which latents a decoder reads is inferred when there is one sensible
/// choice, and said with <see cref="LinearDecoder.From"/> and <see cref="PerComponentDecoder.SelectedBy"/> otherwise.
/// </summary>
public abstract record Decoder(Likelihood Likelihood)
{
    /// <summary>Each value of a categorical latent selects its own likelihood parameters (a mixture).</summary>
    public static PerComponentDecoder PerComponent(Likelihood likelihood) => new(likelihood);

    /// <summary>
    /// Each value of a categorical latent selects its own parameters of <paramref name="inner"/>: per-component linear
    /// decoders over a Gaussian latent are a mixture of factor analysers (diagonal noise) or of probabilistic PCA (isotropic noise).
    /// </summary>
    public static PerComponentDecoder PerComponent(Decoder inner) => inner switch
    {
        null => throw new ModelDefinitionException("Decoder.PerComponent(null)"),
        PerComponentDecoder => throw new ModelDefinitionException(
            $"Decoder.PerComponent({inner}): a per-component decoder inside another has no meaning; select the parameters once"),
        _ => new(inner),
    };

    /// <summary>
    /// A linear map of the latent vector: x = W z + μ + noise for a Gaussian likelihood (PPCA with isotropic
    /// noise, factor analysis with diagonal noise), logits W z + b for a Bernoulli likelihood (a sigmoid belief net).
    /// </summary>
    public static LinearDecoder Linear(Likelihood likelihood) => new(likelihood);

    /// <summary>
    /// A neural network: z → hidden layers of the given widths (tanh unless <see cref="MlpDecoder.WithActivation"/>
    /// says otherwise) → the likelihood's parameters (Bernoulli logits by default; see <see cref="MlpDecoder.WithLikelihood"/>).
    /// Models with it are variational autoencoders, fitted by <c>Inference.Reparameterized</c>.
    /// </summary>
    public static MlpDecoder Mlp(params int[] hidden) => new(Likelihood.Bernoulli(), hidden, Activation.Tanh);

    /// <summary>The text of a latent a decoder was told to read, for its ToString.</summary>
    private protected static string Wiring(string role, string? latent) => latent is null ? "" : $" {role} {latent}";
}

public sealed record PerComponentDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    internal PerComponentDecoder(Decoder inner) : this(inner.Likelihood) => Inner = inner;

    /// <summary>The decoder whose parameters each component has its own of, or null when the likelihood's parameters are the component's.</summary>
    public Decoder? Inner { get; private init; }

    /// <summary>The categorical latent that selects the component, when it was named.</summary>
    public string? Selector { get; private init; }

    /// <summary>Names the categorical latent that selects the component (needed only when the model has several).</summary>
    public PerComponentDecoder SelectedBy(string latent) =>
        string.IsNullOrWhiteSpace(latent) ? throw new ModelDefinitionException($"{this}.SelectedBy: name a categorical latent") : this with { Selector = latent };

    /// <summary>Names the latent the inner decoder reads (needed only when several latents could be its input).</summary>
    public PerComponentDecoder From(string latent) => Inner switch
    {
        LinearDecoder linear => this with { Inner = linear.From(latent) },
        MlpDecoder mlp => this with { Inner = mlp.From(latent) },
        _ => throw new ModelDefinitionException(
            $"{this}.From(\"{latent}\"): its parameters are constants of each component and read no latent; only a per-component linear or neural decoder has an input"),
    };

    public override string ToString() => $"PerComponent({(object?)Inner ?? Likelihood}){Wiring("selected by", Selector)}";
}

public sealed record LinearDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    /// <summary>The latent the map reads, when it was named.</summary>
    public string? Input { get; private init; }

    /// <summary>Names the latent the map reads (needed only when several latents could be its input).</summary>
    public LinearDecoder From(string latent) =>
        string.IsNullOrWhiteSpace(latent) ? throw new ModelDefinitionException($"{this}.From: name a latent") : this with { Input = latent };

    public override string ToString() => $"Linear({Likelihood}){Wiring("from", Input)}";
}

public sealed record MlpDecoder : Decoder
{
    public MlpDecoder(Likelihood likelihood, IReadOnlyList<int> hidden, Activation activation) : base(likelihood)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1))
            throw new ModelDefinitionException($"Decoder.Mlp: every hidden layer needs at least one unit, got [{string.Join(", ", hidden)}]");
        Hidden = hidden.ToArray();
        Activation = activation;
    }

    /// <summary>The widths of the hidden layers, input side first.</summary>
    public IReadOnlyList<int> Hidden { get; }

    public Activation Activation { get; }

    /// <summary>The latent the network reads, when it was named.</summary>
    public string? Input { get; private init; }

    public MlpDecoder WithActivation(Activation activation) => new(Likelihood, Hidden, activation) { Input = Input };

    public MlpDecoder WithLikelihood(Likelihood likelihood) => new(likelihood, Hidden, Activation) { Input = Input };

    /// <summary>Names the latent the network reads (needed only when several latents could be its input).</summary>
    public MlpDecoder From(string latent) =>
        string.IsNullOrWhiteSpace(latent) ? throw new ModelDefinitionException($"{this}.From: name a latent") : this with { Input = latent };

    public bool Equals(MlpDecoder? other) =>
        other is not null && Likelihood == other.Likelihood && Activation == other.Activation && Input == other.Input && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Likelihood, Activation, Input, Hidden.Count);

    public override string ToString() => $"Mlp([{string.Join(", ", Hidden)}], {Activation}, {Likelihood}){Wiring("from", Input)}";
}
