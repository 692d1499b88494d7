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
}

public sealed record PerComponentDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    public override string ToString() => $"PerComponent({Likelihood})";
}

public sealed record LinearDecoder(Likelihood Likelihood) : Decoder(Likelihood)
{
    public override string ToString() => $"Linear({Likelihood})";
}
