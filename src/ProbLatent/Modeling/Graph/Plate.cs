namespace ProbLatent.Modeling.Graph;

/// <summary>
/// A set of replicated variables: every node of the graph lives in one plate and has one value per entry of it. Today
/// every model has the single plate of i.i.d. data points; a sequence model adds a plate of time steps inside it, so
/// backends read a node's plate rather than assume one.
/// </summary>
public sealed record Plate(string Name, Plate? Outer = null)
{
    /// <summary>The data points, independent and identically distributed given the parameters.</summary>
    public static Plate Points { get; } = new("points");

    public override string ToString() => Outer is null ? Name : $"{Outer}/{Name}";
}
