using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// Per-component Gaussians with full covariances: μₖ ~ N(m₀, Λ₀⁻¹), Λₖ ~ Wishart(a₀, B₀) (rate B₀), xₙ ~ N(μ_zₙ, Λ_zₙ⁻¹).
/// </summary>
internal sealed class FullGaussianComponents : ComponentParameters
{
    VectorGaussianArrayNode? _means;
    WishartArrayNode? _precisions;
    GaussianMixtureGateFactor? _gate;

    VectorGaussianArrayNode Means => _means ?? throw new InvalidOperationException("the components' nodes have not been added");
    WishartArrayNode Precisions => _precisions ?? throw new InvalidOperationException("the components' nodes have not been added");

    public override void AddNodes(FactorGraph graph, int components, int dimension)
    {
        _means = graph.Add(new VectorGaussianArrayNode("means", components, dimension));
        _precisions = graph.Add(new WishartArrayNode("precisions", components, dimension));
    }

    public override void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, VmpPriors given)
    {
        graph.Connect(new VectorGaussianPriorFactor("means prior", Means, resolved.MeanMean, resolved.MeanPrecisionMatrix), Means);
        graph.Connect(new WishartPriorFactor("precisions prior", Precisions, resolved.WishartShape, resolved.WishartRate), Precisions);
    }

    /// <remarks>With missing cells (data in memory), the gate that keeps a q over them (<see cref="MissingCellsGaussianGateFactor"/>).</remarks>
    public override void ConnectGate(FactorGraph graph, DataMatrix data, bool missing, DiscretePlateNode z, int components)
    {
        if (data.HasMissing) graph.Connect(new MissingCellsGaussianGateFactor("x ~ N(means[z], precisions[z]⁻¹)", data, Means, Precisions), z, Means, Precisions);
        else _gate = graph.Connect(new GaussianMixtureGateFactor("x ~ N(means[z], precisions[z]⁻¹)", Means, Precisions), z, Means, Precisions);
    }

    public override IParameterPosterior Posterior(Dirichlet weights) => PosteriorOf(weights, Means, Precisions);

    /// <summary>q(π) with each component's q(μₖ) and q(Λₖ), of the data's components or of a latent's (<see cref="Parts.LatentGatePart"/>).</summary>
    public static GaussianMixturePosterior PosteriorOf(Dirichlet weights, VectorGaussianArrayNode means, WishartArrayNode precisions) => new(
        weights,
        Enumerable.Range(0, means.Count).Select(means.Posterior).ToArray(),
        Enumerable.Range(0, precisions.Count).Select(precisions.Posterior).ToArray());

    /// <remarks>With missing cells the spread is checked with each at its column's observed mean.</remarks>
    public override void CheckSpread(DataMatrix data, DiscretePosterior q) => MixtureSpread.Check(SampleMoments.MeanFilled(data), q, full: true);

    public override void CheckSpread(IReadOnlyList<string> columnNames, long rows, double[] columnVariances) =>
        MixtureSpread.Check(columnNames, rows, _gate!.Statistics.Moments(), columnVariances);
}
