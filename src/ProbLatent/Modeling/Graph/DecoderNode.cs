namespace ProbLatent.Modeling.Graph;

/// <summary>
/// A decoder with its wiring resolved: the categorical latent that selects its parameters (if per-component), the latent
/// its map reads (if linear or neural), and the likelihood of the variable it generates.
/// </summary>
public sealed class DecoderNode
{
    internal DecoderNode(Decoder spec, LatentNode? selector, LatentNode? input)
    {
        Spec = spec;
        Selector = selector;
        Input = input;
    }

    /// <summary>The decoder as the description states it.</summary>
    public Decoder Spec { get; }

    /// <summary>The categorical latent whose state selects the parameters, or null when there is one set of parameters.</summary>
    public LatentNode? Selector { get; }

    /// <summary>The latent the map reads, or null when the parameters are constants (of each component).</summary>
    public LatentNode? Input { get; }

    /// <summary>The map from the input (a linear or neural decoder), or null when there is no input.</summary>
    public Decoder? Map => Spec is PerComponentDecoder p ? p.Inner : Spec;

    public Likelihood Likelihood => Spec.Likelihood;

    /// <summary>The latents this decoder reads: the selector first, then the input.</summary>
    public IReadOnlyList<LatentNode> Parents => new[] { Selector, Input }.OfType<LatentNode>().ToArray();

    public override string ToString() => Spec.ToString();
}
