namespace ProbLatent.Modeling.Graph;

/// <summary>A latent variable of the graph: its kind, its size, and the decoder from its parents when it is not a root.</summary>
public sealed class LatentNode
{
    internal LatentNode(LatentVariable variable, LatentKind kind, Plate plate)
    {
        Variable = variable;
        Kind = kind;
        Plate = plate;
    }

    /// <summary>The latent as the description declares it.</summary>
    public LatentVariable Variable { get; }

    public string Name => Variable.Name;
    public Prior Prior => Variable.Prior;
    public LatentKind Kind { get; }
    public Plate Plate { get; }

    /// <summary>The number of values per plate entry: 1 for a categorical latent, the vector length otherwise.</summary>
    public int Dimension => Prior.Dimension;

    /// <summary>The number of states of a categorical or chain latent, or null for the other kinds.</summary>
    public int? States => Prior switch
    {
        CategoricalPrior c => c.Components,
        MarkovChainPrior m => m.States,
        _ => null,
    };

    /// <summary>Whether the latent's value selects components: a categorical latent, or a Markov chain's state at each step.</summary>
    public bool IsDiscreteSelector => Kind is LatentKind.Categorical or LatentKind.Chain;

    /// <summary>The decoder that sets this latent's distribution from its parents, or null for a root with its own prior.</summary>
    public DecoderNode? Conditional { get; internal set; }

    public bool IsRoot => Conditional is null;

    public override string ToString() => $"{Name}: {Kind} {Prior}";
}
