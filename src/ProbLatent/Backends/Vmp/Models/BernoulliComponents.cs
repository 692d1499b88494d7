using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>Per-component Bernoullis: pₖⱼ ~ Beta(a₀, b₀), xₙⱼ ~ Bernoulli(p_zₙⱼ); the probabilities are a K×d array (index k·d + j).</summary>
internal sealed class BernoulliComponents : ComponentParameters
{
    BetaArrayNode? _probabilities;
    int _dimension;

    BetaArrayNode Probabilities => _probabilities ?? throw new InvalidOperationException("the components' nodes have not been added");

    public override void AddNodes(FactorGraph graph, int components, int dimension)
    {
        _dimension = dimension;
        _probabilities = graph.Add(new BetaArrayNode("probabilities", components * dimension));
    }

    public override void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, VmpPriors given) =>
        graph.Connect(new BetaPriorFactor("probabilities prior", Probabilities, given.BetaA, given.BetaB), Probabilities);

    /// <remarks>The gate reads its rows where they are, in memory or a source's blocks, and drops the missing pixels of any.</remarks>
    public override void ConnectGate(FactorGraph graph, DataMatrix data, bool missing, DiscretePlateNode z, int components) =>
        graph.Connect(new BernoulliMixtureGateFactor("x ~ Bernoulli(probabilities[z])", Probabilities, components, missing), z, Probabilities);

    public override IParameterPosterior Posterior(Dirichlet weights)
    {
        int k = weights.Dimension, d = _dimension;
        return new BernoulliMixturePosterior(
            weights,
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Beta>)Enumerable.Range(0, d).Select(j => Probabilities.Posterior(c * d + j)).ToArray()).ToArray());
    }
}
