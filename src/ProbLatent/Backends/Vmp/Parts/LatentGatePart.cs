using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A Gaussian latent h whose mean and precision a categorical c selects, h | c = k ~ N(μₖ, Λₖ⁻¹) — the per-component
/// Gaussian of a mixture, full (Wishart Λₖ) or diagonal (Gamma λₖᵢ), over a latent instead of the data, on the structured
/// plate h shares with c (<see cref="LatentGaussianGateFactor"/>, <see cref="LatentDiagonalGaussianGateFactor"/>). Its
/// priors, unless the model states them on h's means and precisions, are a mixture's data-scaled ones stated in h's own
/// units, which its standard normal prior fixes (h's scale is otherwise the loadings' to choose): μₖ ~ N(0, I),
/// E[Λₖ] = q·I, as a mixture's E[Λ] = d·S⁻¹ with S = I. VmpOptions.Priors, stated in the data's units, do not reach them.
/// Start: each μₖ where the start loadings of the linear decoder reading h put the centre of the points the start
/// responsibilities give component k (E[h | x̄ₖ] under N(0, I), Ψ and W at their start), Λₖ at its prior.
/// </summary>
internal sealed class LatentGatePart(LatentNode latent) : VmpPart
{
    // Full: K vectors and K Wishart precisions; diagonal: K×q scalar means and Gamma precisions.
    VectorGaussianArrayNode? _means;
    WishartArrayNode? _precisions;
    GaussianArrayNode? _diagonalMeans;
    GammaArrayNode? _diagonalPrecisions;

    LatentNode Selector => latent.Conditional!.Selector!;
    bool Full => latent.Conditional!.Likelihood is GaussianLikelihood { Covariance: Covariance.Full };
    int Components => Selector.States!.Value;

    public override string Description =>
        $"latent '{latent.Name}': {latent.Conditional}, per state of '{Selector.Name}' a Gaussian mean and {(Full ? "Wishart precision" : "Gamma precisions")}, through a gate factor over '{latent.Name}'";

    public override PartKind Kind => PartKind.Decoder;

    public override void AddNodes(VmpAssembly assembly)
    {
        int k = Components, q = latent.Dimension;
        var graph = assembly.Graph;
        if (Full)
        {
            _means = graph.Add(new VectorGaussianArrayNode($"{latent.Name} means", k, q));
            _precisions = graph.Add(new WishartArrayNode($"{latent.Name} precisions", k, q));
        }
        else
        {
            _diagonalMeans = graph.Add(new GaussianArrayNode($"{latent.Name} means", k * q));
            _diagonalPrecisions = graph.Add(new GammaArrayNode($"{latent.Name} precisions", k * q));
        }
        assembly.AddConditional(latent, this);
    }

    public override void Connect(VmpAssembly assembly)
    {
        var graph = assembly.Graph;
        int q = latent.Dimension;
        var plate = assembly.Plate<FactorMixturePlateNode>(latent);
        string c = Selector.Name, name = $"{latent.Name} | {c} ~ N({latent.Name} means[{c}], {latent.Name} precisions[{c}]⁻¹)";
        var (centre, centrePrecision) = MeanPrior(assembly.Compilation.Graph);
        var statedPrecision = Stated(assembly.Compilation.Graph, ParameterRole.Precisions);
        if (Full)
        {
            // Unstated: Wishart(q/2, rate ½·I); stated: its shape and rate 1/scale, with ParameterPrior.Wishart's own defaults.
            double shape = q / 2.0, rate = 0.5;
            if (statedPrecision is WishartParameterPrior wishart)
            {
                (shape, double scale) = wishart.ShapeAndScaleOver(q);
                rate = 1 / scale;
            }
            graph.Connect(new VectorGaussianPriorFactor($"{_means!.Name} prior", _means, centre, Models.ResolvedPriors.ScaledIdentity(q, centrePrecision)), _means);
            graph.Connect(new WishartPriorFactor($"{_precisions!.Name} prior", _precisions, shape, Models.ResolvedPriors.ScaledIdentity(q, rate)), _precisions);
            graph.Connect(new LatentGaussianGateFactor(name, plate, _means, _precisions), plate, _means, _precisions);
        }
        else
        {
            // Unstated: as a diagonal mixture's Gamma(a₀, a₀·vⱼ/d) with vⱼ = 1, so E[λ] = q; stated: the Gamma given.
            var gamma = statedPrecision as GammaParameterPrior;
            double shape = gamma?.Shape ?? q / 2.0, rate = gamma?.Rate ?? shape / q;
            var means = _diagonalMeans!;
            var precisions = _diagonalPrecisions!;
            graph.Connect(new GaussianPriorFactor($"{means.Name} prior", means, centre, Enumerable.Repeat(centrePrecision, q).ToArray()), means);
            graph.Connect(new GammaPriorFactor($"{precisions.Name} prior", precisions, shape, rate), precisions);
            graph.Connect(new LatentDiagonalGaussianGateFactor(name, plate, means, precisions), plate, means, precisions);
        }
    }

    /// <summary>The prior the model states on one of this latent's parameters (z.means, z.precisions), or null.</summary>
    ParameterPrior? Stated(ModelGraph graph, ParameterRole role) =>
        graph.Priors.FirstOrDefault(p => p.Key.Owner == latent.Name && p.Key.Role == role).Value;

    /// <summary>μₖ ~ N(m, I/τ): a stated Gaussian's mean (one value for all, or q) and precision, else N(0, I).</summary>
    (double[] Mean, double Precision) MeanPrior(ModelGraph graph)
    {
        int q = latent.Dimension;
        if (Stated(graph, ParameterRole.Means) is not GaussianParameterPrior g) return (new double[q], 1);
        return (g.MeanOver(q), g.Precision);
    }

    public override IEnumerable<Node> Start(VmpAssembly assembly)
    {
        var data = assembly.Data;
        var reader = assembly.Reader(latent);
        var responsibilities = assembly.Responsibilities(Selector);
        int k = Components, q = latent.Dimension, d = data.Columns;
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
            double variance = 1 / Math.Max(count, 1);
            if (Full) _means!.Initialize(c, mean, Models.ResolvedPriors.ScaledIdentity(q, variance));
            else
                for (int i = 0; i < q; i++) _diagonalMeans!.Initialize(c * q + i, mean[i], variance);
        }
        return [Full ? _means! : _diagonalMeans!];
    }

    /// <summary>The posterior of the whole model: q(π) with the components' q(μₖ) q(Λₖ), and the decoder's.</summary>
    public IParameterPosterior Posterior(VmpAssembly assembly, LinearGaussianPosterior decoder)
    {
        var weights = assembly.Weights(Selector).Posterior();
        IParameterPosterior factors = Full
            ? Models.FullGaussianComponents.PosteriorOf(weights, _means!, _precisions!)
            : Models.DiagonalGaussianComponents.PosteriorOf(weights, _diagonalMeans!, _diagonalPrecisions!, latent.Dimension);
        return new CommonFactorAnalyserMixturePosterior(factors, decoder);
    }
}
