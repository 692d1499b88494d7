namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A copy of every parameter's q, in buffers made once: saved before a sweep whose plate pass reads rows elsewhere (a
/// source, shards) and may be cancelled part way, and restored if it is, so the fit keeps its last complete iteration
/// rather than a q(θ) updated for a plate pass that never ended.
/// </summary>
internal sealed class ParameterSnapshot
{
    readonly (Array Live, Array Saved)[] _arrays;

    public ParameterSnapshot(FactorGraph graph)
    {
        _arrays = graph.Parameters.SelectMany(node => node is ParameterNode parameter
                ? parameter.State
                : throw new InvalidOperationException($"the parameter '{node.Name}' ({node.GetType().Name}) cannot be saved"))
            .Select(live => (live, Array.CreateInstance(live.GetType().GetElementType()!, live.Length)))
            .ToArray();
    }

    public void Save()
    {
        foreach (var (live, saved) in _arrays) Array.Copy(live, saved, live.Length);
    }

    public void Restore()
    {
        foreach (var (live, saved) in _arrays) Array.Copy(saved, live, live.Length);
    }
}
