using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The Bayesian Gaussian mixture with diagonal covariances: π ~ Dirichlet(α₀), μₖⱼ ~ N(m₀ⱼ, 1/τ₀ⱼ),
/// λₖⱼ ~ Gamma(a₀, b₀ⱼ), zₙ ~ Discrete(π), xₙⱼ ~ N(μ_zₙⱼ, 1/λ_zₙⱼ), with the priors resolved against the data
/// (<see cref="ResolvedPriors"/>: data-scaled unless given). Means and precisions are K×d arrays of scalars
/// (index k·d + j). Schedule: π, μ, λ, then z; q(z) starts at the given responsibilities and q(θ) from them (see <see cref="MixtureStart"/>).
/// </summary>
internal sealed class DiagonalGaussianMixtureVmp : VmpModel
{
    readonly DirichletNode _weights;
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly DiscretePlateNode _z;
    readonly int _dimension;

    DiagonalGaussianMixtureVmp(FactorGraph graph, DirichletNode weights, GaussianArrayNode means, GammaArrayNode precisions, DiscretePlateNode z, int dimension)
        : base(graph)
    {
        _weights = weights;
        _means = means;
        _precisions = precisions;
        _z = z;
        _dimension = dimension;
    }

    public static DiagonalGaussianMixtureVmp Build(DataMatrix data, int components, VmpPriors priors, double[] responsibilities)
    {
        int k = components, d = data.Columns;
        var graph = new FactorGraph();
        var weights = graph.Add(new DirichletNode("weights", k));
        var means = graph.Add(new GaussianArrayNode("means", k * d));
        var precisions = graph.Add(new GammaArrayNode("precisions", k * d));
        var z = graph.Add(new DiscretePlateNode("z", data.Rows, k));

        graph.Connect(new DirichletPriorFactor("weights prior", weights, priors.Concentrations(k)), weights);
        var resolved = new ResolvedPriors(priors, data);
        graph.Connect(new GaussianPriorFactor("means prior", means, resolved.MeanMean, resolved.ColumnMeanPrecisions), means);
        var (shape, rates) = resolved.DiagonalPrecisions;
        graph.Connect(new GammaPriorFactor("precisions prior", precisions, shape, rates), precisions);
        graph.Connect(new DiscreteFromDirichletFactor("z ~ Discrete(weights)", weights), z, weights);
        graph.Connect(new DiagonalGaussianMixtureGateFactor("x ~ N(means[z], 1/precisions[z])", data, means, precisions, k), z, means, precisions);

        MixtureStart.From(graph, z, responsibilities);
        return new DiagonalGaussianMixtureVmp(graph, weights, means, precisions, z, d);
    }

    public override IParameterPosterior ParameterPosterior()
    {
        int k = _weights.Dimension, d = _dimension;
        return new DiagonalGaussianMixturePosterior(
            _weights.Posterior(),
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Distributions.Gaussian>)Enumerable.Range(0, d).Select(j => _means.Posterior(c * d + j)).ToArray()).ToArray(),
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Distributions.Gamma>)Enumerable.Range(0, d).Select(j => _precisions.Posterior(c * d + j)).ToArray()).ToArray());
    }

    public override IPosterior LatentPosterior() => new DiscretePosterior((double[])_z.Probabilities.Clone(), _z.Count, _z.States);

    public override void CheckSpread(DataMatrix data) => MixtureSpread.Check(data, (DiscretePosterior)LatentPosterior(), full: false);
}
