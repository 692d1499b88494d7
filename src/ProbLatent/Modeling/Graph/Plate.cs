namespace ProbLatent.Modeling.Graph;

/// <summary>
/// A set of replicated variables: every node of the graph lives in one plate and has one value per entry of it. Today
/// every model but a sequence model has the single plate of i.i.d. data points; a Markov-chain latent and what it selects
/// live in the plate of time steps inside the plate of sequences, so backends read a node's plate rather than assume one.
/// </summary>
public sealed record Plate(string Name, Plate? Outer = null)
{
    /// <summary>The data points, independent and identically distributed given the parameters.</summary>
    public static Plate Points { get; } = new("points");

    /// <summary>The sequences of a sequence data set, independent given the parameters.</summary>
    public static Plate Sequences { get; } = new("sequences");

    /// <summary>The time steps of each sequence: a Markov chain's states and their emissions.</summary>
    public static Plate Steps { get; } = new("steps", Sequences);

    public override string ToString() => Outer is null ? Name : $"{Outer}/{Name}";
}
