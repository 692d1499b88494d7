using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The Bayesian mixture of Bernoullis: π ~ Dirichlet(α₀), pₖⱼ ~ Beta(a₀, b₀), zₙ ~ Discrete(π),
/// xₙⱼ ~ Bernoulli(p_zₙⱼ). The probabilities are a K×d array (index k·d + j). Schedule: π, p, then z; q(z) starts at the
/// given responsibilities and q(θ) from them (see <see cref="MixtureStart"/>).
/// </summary>
internal sealed class BernoulliMixtureVmp : VmpModel
{
    readonly DirichletNode _weights;
    readonly BetaArrayNode _probabilities;
    readonly DiscretePlateNode _z;
    readonly int _dimension;

    BernoulliMixtureVmp(FactorGraph graph, DirichletNode weights, BetaArrayNode probabilities, DiscretePlateNode z, int dimension) : base(graph)
    {
        _weights = weights;
        _probabilities = probabilities;
        _z = z;
        _dimension = dimension;
    }

    public static BernoulliMixtureVmp Build(DataMatrix data, int components, VmpPriors priors, double[] responsibilities)
    {
        int k = components, d = data.Columns;
        var graph = new FactorGraph();
        var weights = graph.Add(new DirichletNode("weights", k));
        var probabilities = graph.Add(new BetaArrayNode("probabilities", k * d));
        var z = graph.Add(new DiscretePlateNode("z", data.Rows, k));

        graph.Connect(new DirichletPriorFactor("weights prior", weights, priors.Concentrations(k)), weights);
        graph.Connect(new BetaPriorFactor("probabilities prior", probabilities, priors.BetaA, priors.BetaB), probabilities);
        graph.Connect(new DiscreteFromDirichletFactor("z ~ Discrete(weights)", weights), z, weights);
        graph.Connect(new BernoulliMixtureGateFactor("x ~ Bernoulli(probabilities[z])", data, probabilities, k), z, probabilities);

        MixtureStart.From(graph, z, responsibilities);
        return new BernoulliMixtureVmp(graph, weights, probabilities, z, d);
    }

    public override IParameterPosterior ParameterPosterior()
    {
        int k = _weights.Dimension, d = _dimension;
        return new BernoulliMixturePosterior(
            _weights.Posterior(),
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Distributions.Beta>)Enumerable.Range(0, d).Select(j => _probabilities.Posterior(c * d + j)).ToArray()).ToArray());
    }

    public override IPosterior LatentPosterior() => new DiscretePosterior((double[])_z.Probabilities.Clone(), _z.Count, _z.States);
}
