namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A parameter variable of the graph (not a plate of per-point latents), whose q lives wholly in a few arrays: what a
/// sweep changes of it, so that <see cref="ParameterSnapshot"/> can put it back when a sweep is cancelled part way.
/// </summary>
internal abstract class ParameterNode(string name) : Node(name)
{
    /// <summary>
    /// Every array an <see cref="Node.Update"/> writes, the messages' sums among them (some posteriors are read from them);
    /// arrays of references hold immutable objects, so a shallow copy saves them.
    /// </summary>
    public abstract IReadOnlyList<Array> State { get; }
}
