using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// Per-component categoricals: φₖⱼ ~ Dirichlet(α₀) over the S symbols of column j in component k, xₙⱼ ~ Categorical(φ_zₙⱼ);
/// one Dirichlet node per component and column (index k·d + j), conjugate as the weights' Dirichlet is.
/// </summary>
internal sealed class CategoricalComponents(int symbols) : ComponentParameters
{
    DirichletNode[]? _probabilities;
    int _dimension;

    DirichletNode[] Probabilities => _probabilities ?? throw new InvalidOperationException("the components' nodes have not been added");

    public override void AddNodes(FactorGraph graph, int components, int dimension)
    {
        _dimension = dimension;
        _probabilities = Enumerable.Range(0, components * dimension)
            .Select(i => graph.Add(new DirichletNode($"probabilities[{i / dimension}, {i % dimension}]", symbols))).ToArray();
    }

    public override void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, VmpPriors given)
    {
        var alpha = given.SymbolConcentrations(symbols);
        foreach (var node in Probabilities) graph.Connect(new DirichletPriorFactor($"{node.Name} prior", node, alpha), node);
    }

    public override void ConnectGate(FactorGraph graph, DataMatrix data, bool missing, DiscretePlateNode z, int components) =>
        graph.Connect(new CategoricalMixtureGateFactor("x ~ Categorical(probabilities[z])", Probabilities, components, symbols), [z, .. Probabilities]);

    public override IParameterPosterior Posterior(Dirichlet weights)
    {
        int k = weights.Dimension, d = _dimension;
        return new CategoricalMixturePosterior(weights,
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Dirichlet>)Enumerable.Range(0, d).Select(j => Probabilities[c * d + j].Posterior()).ToArray()).ToArray());
    }
}
