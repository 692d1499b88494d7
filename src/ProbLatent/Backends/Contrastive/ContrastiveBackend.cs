using ProbLatent.Modeling;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// Contrastive divergence (Hinton 2002) and persistent contrastive divergence (Tieleman 2008): trains an undirected
/// energy model, the restricted Boltzmann machine, by minibatch stochastic gradient ascent on log p(v), its model
/// expectation taken from k Gibbs sweeps; and a deep belief net, greedily, one such machine per layer. Refuses directed
/// models, which the other backends fit.
/// </summary>
public sealed class ContrastiveBackend(ContrastiveOptions options) : IBackend<ContrastiveCompiledModel>
{
    public ContrastiveOptions Options { get; } = options;
    public string Name => "contrastive";

    CompiledModel IBackend.Compile(Model model) => Compile(model);

    public ContrastiveCompiledModel Compile(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options.Validate();
        var graph = model.Validate();
        var layers = DeepBeliefGraph.Layers(Name, model, graph);
        GraphRefusal.NoStatedPriors(Name, graph, "its regulariser is ContrastiveOptions.WeightDecay");
        return new ContrastiveCompiledModel(model, Options, layers);
    }
}
