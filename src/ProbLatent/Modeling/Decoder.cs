namespace ProbLatent.Modeling;

/// <summary>How the latent variable sets the parameters of the likelihood: p(x | z).</summary>
public abstract record Decoder(Likelihood Likelihood)
{
    /// <summary>Each value of a categorical latent selects its own likelihood parameters (a mixture).</summary>
    public static PerComponentDecoder PerComponent(Likelihood likelihood) => new(likelihood);

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
}

public sealed record PerComponentDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    public override string ToString() => $"PerComponent({Likelihood})";
}

public sealed record LinearDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    public override string ToString() => $"Linear({Likelihood})";
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

    public MlpDecoder WithActivation(Activation activation) => new(Likelihood, Hidden, activation);

    public MlpDecoder WithLikelihood(Likelihood likelihood) => new(likelihood, Hidden, Activation);

    public bool Equals(MlpDecoder? other) =>
        other is not null && Likelihood == other.Likelihood && Activation == other.Activation && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Likelihood, Activation, Hidden.Count);

    public override string ToString() => $"Mlp([{string.Join(", ", Hidden)}], {Activation}, {Likelihood})";
}
