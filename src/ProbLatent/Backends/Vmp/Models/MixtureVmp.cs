using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// A Bayesian mixture assembled from its two parts: the categorical latent — π ~ Dirichlet(α₀) and a plate
/// zₙ ~ Discrete(π) — and the parameters it selects (<see cref="ComponentParameters"/>: full-covariance Gaussians as in
/// Infer.NET's mixture-of-Gaussians tutorial, diagonal Gaussians, or Bernoullis), with their priors resolved against the
/// data (<see cref="ResolvedPriors"/>: data-scaled unless given). Schedule: π, the component parameters, then z; q(z)
/// starts at the given responsibilities and q(θ) from them (see <see cref="MixtureStart"/>).
/// </summary>
internal sealed class MixtureVmp : VmpModel
{
    readonly DirichletNode _weights;
    readonly ComponentParameters _parameters;
    readonly DiscretePlateNode _z;

    MixtureVmp(FactorGraph graph, DirichletNode weights, ComponentParameters parameters, DiscretePlateNode z) : base(graph)
    {
        _weights = weights;
        _parameters = parameters;
        _z = z;
    }

    public static MixtureVmp Build(DataMatrix data, int components, VmpPriors priors, double[] responsibilities, ComponentParameters parameters)
    {
        int k = components;
        var graph = new FactorGraph();
        var weights = graph.Add(new DirichletNode("weights", k));
        parameters.AddNodes(graph, k, data.Columns);
        var z = graph.Add(new DiscretePlateNode("z", data.Rows, k));

        graph.Connect(new DirichletPriorFactor("weights prior", weights, priors.Concentrations(k)), weights);
        parameters.ConnectPriors(graph, new ResolvedPriors(priors, data), priors);
        graph.Connect(new DiscreteFromDirichletFactor("z ~ Discrete(weights)", weights), z, weights);
        parameters.ConnectGate(graph, data, z, k);

        MixtureStart.From(graph, z, responsibilities);
        return new MixtureVmp(graph, weights, parameters, z);
    }

    public override IParameterPosterior ParameterPosterior() => _parameters.Posterior(_weights.Posterior());

    public override IPosterior LatentPosterior() => new DiscretePosterior((double[])_z.Probabilities.Clone(), _z.Count, _z.States);

    public override void CheckSpread(DataMatrix data) => _parameters.CheckSpread(data, (DiscretePosterior)LatentPosterior());
}
