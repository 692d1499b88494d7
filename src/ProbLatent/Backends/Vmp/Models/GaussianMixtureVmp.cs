using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The Bayesian Gaussian mixture with full covariances, as in Infer.NET's mixture-of-Gaussians tutorial:
/// π ~ Dirichlet(α₀), μₖ ~ N(m₀, Λ₀⁻¹), Λₖ ~ Wishart(a₀, B₀) (rate B₀), zₙ ~ Discrete(π), xₙ ~ N(μ_zₙ, Λ_zₙ⁻¹), with
/// the priors resolved against the data (<see cref="ResolvedPriors"/>: data-scaled unless given).
/// Schedule: π, μ, Λ, then z; q(z) starts at the given responsibilities and q(θ) from them (see <see cref="MixtureStart"/>).
/// </summary>
internal sealed class GaussianMixtureVmp : VmpModel
{
    readonly DirichletNode _weights;
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly DiscretePlateNode _z;

    GaussianMixtureVmp(FactorGraph graph, DirichletNode weights, VectorGaussianArrayNode means, WishartArrayNode precisions, DiscretePlateNode z)
        : base(graph)
    {
        _weights = weights;
        _means = means;
        _precisions = precisions;
        _z = z;
    }

    public static GaussianMixtureVmp Build(DataMatrix data, int components, VmpPriors priors, double[] responsibilities)
    {
        int k = components, d = data.Columns;
        var graph = new FactorGraph();
        var weights = graph.Add(new DirichletNode("weights", k));
        var means = graph.Add(new VectorGaussianArrayNode("means", k, d));
        var precisions = graph.Add(new WishartArrayNode("precisions", k, d));
        var z = graph.Add(new DiscretePlateNode("z", data.Rows, k));

        graph.Connect(new DirichletPriorFactor("weights prior", weights, priors.Concentrations(k)), weights);
        var resolved = new ResolvedPriors(priors, data);
        graph.Connect(new VectorGaussianPriorFactor("means prior", means, resolved.MeanMean, resolved.MeanPrecisionMatrix), means);
        graph.Connect(new WishartPriorFactor("precisions prior", precisions, resolved.WishartShape, resolved.WishartRate), precisions);
        graph.Connect(new DiscreteFromDirichletFactor("z ~ Discrete(weights)", weights), z, weights);
        graph.Connect(new GaussianMixtureGateFactor("x ~ N(means[z], precisions[z]⁻¹)", data, means, precisions), z, means, precisions);

        MixtureStart.From(graph, z, responsibilities);
        return new GaussianMixtureVmp(graph, weights, means, precisions, z);
    }

    public override IParameterPosterior ParameterPosterior() => new GaussianMixturePosterior(
        _weights.Posterior(),
        Enumerable.Range(0, _means.Count).Select(_means.Posterior).ToArray(),
        Enumerable.Range(0, _precisions.Count).Select(_precisions.Posterior).ToArray());

    public override IPosterior LatentPosterior() => new DiscretePosterior((double[])_z.Probabilities.Clone(), _z.Count, _z.States);

    public override void CheckSpread(DataMatrix data) => MixtureSpread.Check(data, (DiscretePosterior)LatentPosterior(), full: true);
}
