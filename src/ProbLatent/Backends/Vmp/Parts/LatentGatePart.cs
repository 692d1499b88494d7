using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A Gaussian latent h whose mean and precision a categorical c selects, h | c = k ~ N(μₖ, Λₖ⁻¹) — the per-component
/// Gaussian of a mixture, over a latent instead of the data, on the structured plate h shares with c
/// (<see cref="LatentGaussianGateFactor"/>). Its priors are a mixture's data-scaled ones stated in h's own units, which
/// its standard normal prior fixes (h's scale is otherwise the loadings' to choose): μₖ ~ N(0, I), Λₖ ~ Wishart with
/// E[Λₖ] = q·I, as a mixture's E[Λ] = d·S⁻¹ with S = I.
/// Start: each μₖ where the start loadings of the linear decoder reading h put the centre of the points the start
/// responsibilities give component k (E[h | x̄ₖ] under N(0, I), Ψ and W at their start), Λₖ at its prior.
/// </summary>
internal sealed class LatentGatePart(LatentNode latent) : VmpPart
{
    VectorGaussianArrayNode? _means;
    WishartArrayNode? _precisions;

    LatentNode Selector => latent.Conditional!.Selector!;

    public override string Description =>
        $"latent '{latent.Name}': {latent.Conditional}, per state of '{Selector.Name}' a Gaussian mean and Wishart precision, through a gate factor over '{latent.Name}'";

    public override PartKind Kind => PartKind.Decoder;

    public override void AddNodes(VmpAssembly assembly)
    {
        int k = Selector.States!.Value, q = latent.Dimension;
        _means = assembly.Graph.Add(new VectorGaussianArrayNode($"{latent.Name} means", k, q));
        _precisions = assembly.Graph.Add(new WishartArrayNode($"{latent.Name} precisions", k, q));
        assembly.AddConditional(latent, this);
    }

    public override void Connect(VmpAssembly assembly)
    {
        var graph = assembly.Graph;
        int q = latent.Dimension;
        var identity = Models.ResolvedPriors.ScaledIdentity(q, 1);
        double shape = new VmpPriors().ResolvedWishartShape(q);
        graph.Connect(new VectorGaussianPriorFactor($"{_means!.Name} prior", _means, new double[q], identity), _means);
        graph.Connect(new WishartPriorFactor($"{_precisions!.Name} prior", _precisions, shape, Models.ResolvedPriors.ScaledIdentity(q, shape / q)), _precisions);
        var plate = assembly.Plate<FactorMixturePlateNode>(latent);
        graph.Connect(new LatentGaussianGateFactor($"{latent.Name} | {Selector.Name} ~ N({_means.Name}[{Selector.Name}], {_precisions.Name}[{Selector.Name}]⁻¹)",
            plate, _means, _precisions), plate, _means, _precisions);
    }

    public override IEnumerable<Node> Start(VmpAssembly assembly)
    {
        var data = assembly.Data;
        var reader = assembly.Reader(latent);
        var responsibilities = assembly.Responsibilities(Selector);
        int k = Selector.States!.Value, q = latent.Dimension, d = data.Columns;
        // E[h | x] under h ~ N(0, I) and the start decoder: (I + WᵀΨ⁻¹W)⁻¹ WᵀΨ⁻¹ (x − μ).
        var precision = Models.ResolvedPriors.ScaledIdentity(q, 1);
        var tau = new double[d];
        for (int j = 0; j < d; j++)
        {
            tau[j] = reader.Noise.Mean[reader.Noise.Count == 1 ? 0 : j];
            var w = reader.Loadings.Mean(j);
            for (int a = 0; a < q; a++)
                for (int b = 0; b < q; b++) precision[a * q + b] += tau[j] * w[a] * w[b];
        }
        var factor = Numerics.Cholesky.Factor(precision, q, $"start precision of {latent.Name}");
        for (int c = 0; c < k; c++)
        {
            var (count, centre, _) = LinearGaussianPart.WeightedMoments(data, responsibilities, k, c);
            var mean = new double[q];
            for (int j = 0; j < d; j++)
            {
                var w = reader.Loadings.Mean(j);
                double r = tau[j] * (centre[j] - reader.Offsets.Mean[j]);
                for (int a = 0; a < q; a++) mean[a] += w[a] * r;
            }
            factor.SolveInPlace(mean);
            _means!.Initialize(c, mean, Models.ResolvedPriors.ScaledIdentity(q, 1 / Math.Max(count, 1)));
        }
        return [_means!];
    }

    /// <summary>The posterior of the whole model: q(π) with the components' q(μₖ) q(Λₖ), and the decoder's.</summary>
    public IParameterPosterior Posterior(VmpAssembly assembly, LinearGaussianPosterior decoder) => new CommonFactorAnalyserMixturePosterior(
        new GaussianMixturePosterior(assembly.Weights(Selector).Posterior(),
            Enumerable.Range(0, _means!.Count).Select(_means.Posterior).ToArray(),
            Enumerable.Range(0, _precisions!.Count).Select(_precisions.Posterior).ToArray()),
        decoder);
}
