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

    /// <summary>The factors of this node (its priors only, when <paramref name="priorsOnly"/>), in graph order: the order their messages are summed in.</summary>
    protected IEnumerable<Factor> Senders(bool priorsOnly) => Factors.Where(f => !priorsOnly || f.IsPrior);

    /// <summary>The factors that send this node messages through a plate's protocol <typeparamref name="TFactor"/>, in graph order.</summary>
    protected IEnumerable<TFactor> Senders<TFactor>(bool priorsOnly) =>
        Factors.Where(f => !priorsOnly || f.IsPrior).OfType<TFactor>();
}
