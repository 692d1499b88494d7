using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// Bayesian PCA with automatic relevance determination (Bishop 1999) and Bayesian factor analysis:
/// zₙ ~ N(0, I_q); each row wⱼ of the d×q loadings ~ N(0, uⱼ diag(α)⁻¹) with αᵢ ~ Gamma(a₀, b₀) per latent
/// dimension; offsets μⱼ ~ N(m₀ⱼ, 1/τ₀ⱼ); noise precisions τⱼ ~ Gamma(a₀, b₀ⱼ) per dimension (factor analysis) or one
/// τ shared by all dimensions (PPCA); xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τⱼ). The priors are resolved against the data
/// (<see cref="ResolvedPriors"/>: data-scaled unless given; uⱼ is 1 for a given Gamma rate). The mean-field q is q(z)·q(W)·q(μ)·q(τ)·q(α), with
/// q(zₙ) Gaussian (one covariance shared by all points), q(wⱼ) Gaussian, q(μⱼ) Gaussian, q(τ) and q(α) Gamma.
/// <para>
/// Schedule: z, W, μ, τ, α — the plate first, so that the loadings, offsets and noise are updated from the
/// statistics of the newest q(z), and the ARD precisions last, from the newest q(W).
/// Start: the loadings' means are drawn at random (this breaks the symmetry between latent dimensions), each
/// entry of row j ~ N(0, s²ⱼ/q) with s²ⱼ the variance of data column j, and covariances (s²ⱼ/q)/N·I; the offsets
/// start at the column means; the noise precisions at 1/s²ⱼ (PPCA: 1 over the mean column variance); the ARD
/// precisions at their prior; then q(z) is updated once from those, so every variable has a q before the first sweep.
/// </para>
/// </summary>
internal sealed class LinearGaussianVmp : VmpModel
{
    readonly VectorGaussianPlateNode _z;
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _offsets;
    readonly GammaArrayNode _noise;
    readonly GammaArrayNode _relevance;
    readonly bool _isotropic;

    LinearGaussianVmp(FactorGraph graph, VectorGaussianPlateNode z, VectorGaussianArrayNode loadings, GaussianArrayNode offsets,
        GammaArrayNode noise, GammaArrayNode relevance, bool isotropic) : base(graph)
    {
        _z = z;
        _loadings = loadings;
        _offsets = offsets;
        _noise = noise;
        _relevance = relevance;
        _isotropic = isotropic;
    }

    public static LinearGaussianVmp Build(DataMatrix data, int latentDimension, bool isotropic, VmpPriors priors, Random random)
    {
        int n = data.Rows, d = data.Columns, q = latentDimension;
        var graph = new FactorGraph();
        var z = graph.Add(new VectorGaussianPlateNode("z", n, q));
        var loadings = graph.Add(new VectorGaussianArrayNode("loadings", d, q));
        var offsets = graph.Add(new GaussianArrayNode("offsets", d));
        var noise = graph.Add(new GammaArrayNode("noise precisions", isotropic ? 1 : d));
        var relevance = graph.Add(new GammaArrayNode("ARD precisions", q));

        graph.Connect(new StandardNormalPlatePriorFactor("z ~ N(0, I)", z), z);
        var resolved = new ResolvedPriors(priors, data);
        var (relevanceShape, relevanceRate, rowUnits) = resolved.Relevance(isotropic);
        graph.Connect(new GammaPriorFactor("ARD precisions prior", relevance, relevanceShape, relevanceRate), relevance);
        graph.Connect(new ArdPriorFactor("loadings ~ N(0, diag(ARD precisions)⁻¹)", loadings, relevance, rowUnits), loadings, relevance);
        graph.Connect(new GaussianPriorFactor("offsets prior", offsets, resolved.MeanMean, resolved.ColumnMeanPrecisions), offsets);
        var (noiseShapePrior, noiseRates) = resolved.NoisePrecisions(isotropic);
        graph.Connect(new GammaPriorFactor("noise precisions prior", noise, noiseShapePrior, noiseRates), noise);
        graph.Connect(new LinearGaussianFactor("x ~ N(loadings z + offsets, 1/noise precisions)", data, z, loadings, offsets, noise),
            z, loadings, offsets, noise);

        var (columnMeans, columnVariances) = ColumnMoments(data);
        var mean = new double[q];
        var covariance = new double[q * q];
        for (int j = 0; j < d; j++)
        {
            double scale = columnVariances[j] / q;
            for (int i = 0; i < q; i++) mean[i] = Math.Sqrt(scale) * random.NextGaussian();
            Array.Clear(covariance);
            for (int i = 0; i < q; i++) covariance[i * q + i] = scale / n;
            loadings.Initialize(j, mean, covariance);
            offsets.Initialize(j, columnMeans[j], columnVariances[j] / n);
        }
        double noiseShape = noiseShapePrior + 0.5 * n * (isotropic ? d : 1);
        if (isotropic) noise.Initialize(0, noiseShape, noiseShape * columnVariances.Average());
        else
            for (int j = 0; j < d; j++) noise.Initialize(j, noiseShape, noiseShape * columnVariances[j]);
        relevance.Update(priorsOnly: true);
        z.Update();
        return new LinearGaussianVmp(graph, z, loadings, offsets, noise, relevance, isotropic);
    }

    public override IParameterPosterior ParameterPosterior() => new LinearGaussianPosterior(
        Enumerable.Range(0, _loadings.Count).Select(_loadings.Posterior).ToArray(),
        Enumerable.Range(0, _offsets.Count).Select(_offsets.Posterior).ToArray(),
        Enumerable.Range(0, _noise.Count).Select(_noise.Posterior).ToArray(),
        Enumerable.Range(0, _relevance.Count).Select(_relevance.Posterior).ToArray(),
        _isotropic);

    public override IPosterior LatentPosterior() => new GaussianPosterior((double[])_z.Means.Clone(), (double[])_z.Covariance.Clone(), _z.Count, _z.Dimension);

    /// <summary>Each column's mean and (biased) variance, 1 where a column has no spread (one row), so the start stays finite and scale-free.</summary>
    static (double[] Means, double[] Variances) ColumnMoments(DataMatrix data) =>
        (SampleMoments.ColumnMoments(data).Means, SampleMoments.ColumnScales(data));
}
