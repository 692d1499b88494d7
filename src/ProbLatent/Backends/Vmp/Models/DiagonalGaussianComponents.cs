using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// Per-component Gaussians with diagonal covariances: μₖⱼ ~ N(m₀ⱼ, 1/τ₀ⱼ), λₖⱼ ~ Gamma(a₀, b₀ⱼ), xₙⱼ ~ N(μ_zₙⱼ, 1/λ_zₙⱼ).
/// Means and precisions are K×d arrays of scalars (index k·d + j).
/// </summary>
internal sealed class DiagonalGaussianComponents : ComponentParameters
{
    GaussianArrayNode? _means;
    GammaArrayNode? _precisions;
    DiagonalGaussianMixtureGateFactor? _gate;
    int _dimension;

    GaussianArrayNode Means => _means ?? throw new InvalidOperationException("the components' nodes have not been added");
    GammaArrayNode Precisions => _precisions ?? throw new InvalidOperationException("the components' nodes have not been added");

    public override void AddNodes(FactorGraph graph, int components, int dimension)
    {
        _dimension = dimension;
        _means = graph.Add(new GaussianArrayNode("means", components * dimension));
        _precisions = graph.Add(new GammaArrayNode("precisions", components * dimension));
    }

    public override void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, VmpPriors given)
    {
        graph.Connect(new GaussianPriorFactor("means prior", Means, resolved.MeanMean, resolved.ColumnMeanPrecisions), Means);
        var (shape, rates) = resolved.DiagonalPrecisions;
        graph.Connect(new GammaPriorFactor("precisions prior", Precisions, shape, rates), Precisions);
    }

    /// <remarks>With missing cells (data in memory), the gate that drops them (<see cref="MissingCellsDiagonalGateFactor"/>).</remarks>
    public override void ConnectGate(FactorGraph graph, DataMatrix data, bool missing, DiscretePlateNode z, int components)
    {
        if (data.HasMissing) graph.Connect(new MissingCellsDiagonalGateFactor("x ~ N(means[z], 1/precisions[z])", data, Means, Precisions, components), z, Means, Precisions);
        else _gate = graph.Connect(new DiagonalGaussianMixtureGateFactor("x ~ N(means[z], 1/precisions[z])", Means, Precisions, components), z, Means, Precisions);
    }

    public override IParameterPosterior Posterior(Dirichlet weights) => PosteriorOf(weights, Means, Precisions, _dimension);

    /// <summary>
    /// q(π) with each component's q(μₖⱼ) and q(λₖⱼ) (K×d arrays, index k·d + j), of the data's components or of a
    /// latent's (<see cref="Parts.LatentGatePart"/>).
    /// </summary>
    public static DiagonalGaussianMixturePosterior PosteriorOf(Dirichlet weights, GaussianArrayNode means, GammaArrayNode precisions, int dimension)
    {
        int k = weights.Dimension, d = dimension;
        return new DiagonalGaussianMixturePosterior(
            weights,
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Gaussian>)Enumerable.Range(0, d).Select(j => means.Posterior(c * d + j)).ToArray()).ToArray(),
            Enumerable.Range(0, k).Select(c => (IReadOnlyList<Gamma>)Enumerable.Range(0, d).Select(j => precisions.Posterior(c * d + j)).ToArray()).ToArray());
    }

    /// <remarks>With missing cells the spread is checked with each at its column's observed mean.</remarks>
    public override void CheckSpread(DataMatrix data, DiscretePosterior q) => MixtureSpread.Check(SampleMoments.MeanFilled(data), q, full: false);

    public override void CheckSpread(IReadOnlyList<string> columnNames, long rows, double[] columnVariances) =>
        MixtureSpread.Check(columnNames, rows, _gate!.Statistics.Moments(), columnVariances);
}
