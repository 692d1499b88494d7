using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The Bayesian mixture of factor analysers or of PPCA (Ghahramani and Beal 2000): π ~ Dirichlet(α₀); per component k,
/// each row wₖⱼ of its d×q loadings ~ N(0, uⱼ diag(αₖ)⁻¹) with ARD precisions αₖᵢ ~ Gamma per factor, its means
/// μₖⱼ ~ N(m₀ⱼ, 1/τ₀ⱼ) and its noise precisions τₖⱼ ~ Gamma per dimension (factor analysers) or one τₖ (PPCA) — the
/// noise of each component its own, as EM's and Exact's mixtures define it; cₙ ~ Discrete(π), hₙ | cₙ ~ N(0, I_q),
/// xₙⱼ | cₙ = k, hₙ ~ N(wₖⱼᵀhₙ + μₖⱼ, 1/τₖⱼ). The priors are resolved against the data as Bayesian PCA's and factor
/// analysis' are (<see cref="ResolvedPriors"/>), so one component is Bayesian factor analysis (<see cref="LinearGaussianVmp"/>).
/// q is q(c, h) q(W) q(μ) q(τ) q(α) q(π), with q(cₙ, hₙ) = q(cₙ) q(hₙ | cₙ) structured (<see cref="FactorMixturePlateNode"/>).
/// <para>
/// Schedule: (c, h), W, μ, τ, α, π — the plate first, so every parameter is updated from the statistics of the newest q(c, h).
/// Start: from the given responsibilities (k-means++ by default, <see cref="MixtureStart"/>) each component's means start at
/// its weighted column means and its noise at its weighted column variances (at least 1% of the data's, as EM starts), its
/// loadings at random, each entry of row j ~ N(0, v²ₖⱼ/q) in units of that spread (which breaks the symmetry between factors);
/// the ARD precisions and weights at their priors; then q(c, h) is updated from those, so every variable has a q before the first sweep.
/// </para>
/// </summary>
internal sealed class FactorMixtureVmp : VmpModel
{
    readonly FactorMixturePlateNode _plate;
    readonly LinearParameters _parameters;
    readonly DirichletNode _weights;

    FactorMixtureVmp(FactorGraph graph, FactorMixturePlateNode plate, LinearParameters parameters, DirichletNode weights) : base(graph)
    {
        _plate = plate;
        _parameters = parameters;
        _weights = weights;
    }

    public static FactorMixtureVmp Build(DataMatrix data, int components, int latentDimension, bool isotropic, VmpPriors priors,
        double[] responsibilities, Random random)
    {
        int n = data.Rows, d = data.Columns, k = components, q = latentDimension;
        var graph = new FactorGraph();
        var plate = graph.Add(new FactorMixturePlateNode("c, h", n, k, q));
        var parameters = LinearParameters.Add(graph, k, d, q, isotropic, "means");
        var weights = graph.Add(new DirichletNode("weights", k));

        graph.Connect(new DirichletPriorFactor("weights prior", weights, priors.Concentrations(k)), weights);
        graph.Connect(new DiscreteFromDirichletFactor("c ~ Discrete(weights)", weights), plate, weights);
        graph.Connect(new StandardNormalGivenComponentFactor("h | c ~ N(0, I)", plate), plate);
        parameters.ConnectPriors(graph, new ResolvedPriors(priors, data), "loadings[c] ~ N(0, diag(ARD precisions[c])⁻¹)");
        graph.Connect(new FactorMixtureFactor("x ~ N(loadings[c] h + means[c], 1/noise precisions[c])", data, plate, parameters.Loadings,
            parameters.Offsets, parameters.Noise, isotropic), plate, parameters.Loadings, parameters.Offsets, parameters.Noise);

        var overall = SampleMoments.ColumnScales(data);
        for (int c = 0; c < k; c++)
        {
            var (count, centre, spread) = WeightedMoments(data, responsibilities, k, c);
            // A cluster of one point, or flat in a column, starts with a fraction of the data's variance there, as EM's does.
            parameters.Start(c, count, centre, spread.Select((v, j) => Math.Max(v, 0.01 * overall[j])).ToArray(), random);
        }
        parameters.Relevance.Update(priorsOnly: true);
        weights.Update(priorsOnly: true);
        plate.Update();
        return new FactorMixtureVmp(graph, plate, parameters, weights);
    }

    /// <summary>Nₖ = Σₙ rₙₖ and component k's weighted column means and (biased) variances; an empty component takes the whole data's.</summary>
    static (double Count, double[] Means, double[] Variances) WeightedMoments(DataMatrix data, double[] responsibilities, int k, int c)
    {
        int d = data.Columns;
        double count = 0;
        var sums = new double[d];
        var squares = new double[d];
        for (int n = 0; n < data.Rows; n++)
        {
            double w = responsibilities[n * k + c];
            if (w == 0) continue;
            count += w;
            var x = data.Row(n);
            for (int j = 0; j < d; j++)
            {
                sums[j] += w * x[j];
                squares[j] += w * x[j] * x[j];
            }
        }
        if (count < 1e-10)
        {
            var (means, variances) = SampleMoments.ColumnMoments(data);
            return (count, means, variances);
        }
        var centre = sums.Select(s => s / count).ToArray();
        return (count, centre, squares.Select((s, j) => Math.Max(s / count - centre[j] * centre[j], 0)).ToArray());
    }

    public override IParameterPosterior ParameterPosterior() =>
        new FactorAnalyserMixturePosterior(_weights.Posterior(), Enumerable.Range(0, _weights.Dimension).Select(_parameters.Posterior).ToArray());

    public override IPosterior LatentPosterior()
    {
        int n = _plate.Count, k = _plate.Components, q = _plate.Dimension;
        var gaussians = Enumerable.Range(0, k).Select(c =>
        {
            var means = new double[n * q];
            for (int i = 0; i < n; i++) _plate.Means.AsSpan((i * k + c) * q, q).CopyTo(means.AsSpan(i * q, q));
            return new GaussianPosterior(means, _plate.Covariance(c).ToArray(), n, q);
        }).ToArray();
        return new FactorMixturePosterior(Responsibilities(), gaussians);
    }

    DiscretePosterior Responsibilities() => new((double[])_plate.Responsibilities.Clone(), _plate.Count, _plate.Components);

    public override void CheckSpread(DataMatrix data) => MixtureSpread.Check(data, Responsibilities(), full: false);
}
