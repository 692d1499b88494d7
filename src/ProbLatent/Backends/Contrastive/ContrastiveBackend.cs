using ProbLatent.Modeling;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// Contrastive divergence (Hinton 2002) and persistent contrastive divergence (Tieleman 2008): trains an undirected
/// energy model, the restricted Boltzmann machine, by minibatch stochastic gradient ascent on log p(v), its model
/// expectation taken from k Gibbs sweeps. Refuses directed models, which the other backends fit.
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
        if (graph.ClassicFamily != ModelFamily.RestrictedBoltzmannMachine)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the decoder of '{graph.Observation.Name}', {graph.Observation.Decoder}, is directed, and the contrastive backend trains an " +
                $"undirected energy (declare one with .Energy(Energy.Bilinear())); {BackendAlternatives.Advice(model, Name)}");
        GraphRefusal.NoStatedPriors(Name, graph, "its regulariser is ContrastiveOptions.WeightDecay");
        return new ContrastiveCompiledModel(model, Options);
    }
}
