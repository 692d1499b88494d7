namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A variable of the factor graph (or a plate of them) with its variational posterior q. <see cref="Update"/> is
/// one VMP step: q is set to the exponential-family member whose natural parameters are the sum of the messages
/// of its factors (Winn and Bishop 2005, eq. 22), which maximises the ELBO over q with everything else fixed.
/// </summary>
internal abstract class Node(string name)
{
    public string Name { get; } = name;

    /// <summary>The factors this variable is an argument of.</summary>
    public List<Factor> Factors { get; } = [];

    /// <summary>Sets q from the messages of all factors (or of its prior factors only, to start from the prior).</summary>
    public abstract void Update(bool priorsOnly = false);

    /// <summary>H[q], summed over the variables of the node.</summary>
    public abstract double Entropy();

    /// <summary>The factors that send this node messages of type <typeparamref name="TFactor"/>, in graph order.</summary>
    protected IEnumerable<TFactor> Senders<TFactor>(bool priorsOnly) =>
        Factors.Where(f => !priorsOnly || f.IsPrior).OfType<TFactor>();
}

/// <summary>A factor sends messages of this kind to nodes of type <typeparamref name="TNode"/>: it adds its message to the node's accumulators.</summary>
internal interface ISendsTo<in TNode> where TNode : Node
{
    void SendTo(TNode node);
}
