using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A root categorical latent's prior: π ~ Dirichlet(α₀) and cₙ ~ Discrete(π) on the latent's plate, whichever plate that is —
/// a Discrete plate of its own (a mixture over data), or the structured plate it shares with a Gaussian latent (a mixture of
/// factor analysers, of common factor analysers). The weights start at their prior.
/// </summary>
internal sealed class CategoricalPart(LatentNode latent) : VmpPart
{
    DirichletNode? _weights;

    public override string Description => $"latent '{latent.Name}': weights ~ Dirichlet, {latent.Name} ~ Discrete(weights)";

    public override bool Streams => true;

    public override PartKind Kind => PartKind.LatentPrior;

    public override void AddNodes(VmpAssembly assembly)
    {
        _weights = assembly.Graph.Add(new DirichletNode("weights", latent.States!.Value));
        assembly.AddWeights(latent, _weights);
    }

    public override void Connect(VmpAssembly assembly)
    {
        var weights = _weights!;
        assembly.Graph.Connect(new DirichletPriorFactor("weights prior", weights, assembly.Priors.Concentrations(weights.Dimension)), weights);
        assembly.Graph.Connect(new DiscreteFromDirichletFactor($"{latent.Name} ~ Discrete(weights)", weights), assembly.Plate(latent), weights);
    }
}
