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
    readonly LinearParameters _parameters;

    LinearGaussianVmp(FactorGraph graph, VectorGaussianPlateNode z, LinearParameters parameters) : base(graph)
    {
        _z = z;
        _parameters = parameters;
    }

    public static LinearGaussianVmp Build(DataMatrix data, int latentDimension, bool isotropic, VmpPriors priors, Random random)
    {
        int n = data.Rows, d = data.Columns, q = latentDimension;
        var graph = new FactorGraph();
        var z = graph.Add(new VectorGaussianPlateNode("z", n, q));
        var parameters = LinearParameters.Add(graph, 1, d, q, isotropic, "offsets");

        graph.Connect(new StandardNormalPlatePriorFactor("z ~ N(0, I)", z), z);
        parameters.ConnectPriors(graph, new ResolvedPriors(priors, data), "loadings ~ N(0, diag(ARD precisions)⁻¹)");
        graph.Connect(new LinearGaussianFactor("x ~ N(loadings z + offsets, 1/noise precisions)", data, z, parameters.Loadings, parameters.Offsets, parameters.Noise),
            z, parameters.Loadings, parameters.Offsets, parameters.Noise);

        var (columnMeans, columnVariances) = ColumnMoments(data);
        parameters.Start(0, n, columnMeans, columnVariances, random);
        parameters.Relevance.Update(priorsOnly: true);
        z.Update();
        return new LinearGaussianVmp(graph, z, parameters);
    }

    public override IParameterPosterior ParameterPosterior() => _parameters.Posterior(0);

    public override IPosterior LatentPosterior() => new GaussianPosterior((double[])_z.Means.Clone(), (double[])_z.Covariance.Clone(), _z.Count, _z.Dimension);

    /// <summary>Each column's mean and (biased) variance, 1 where a column has no spread (one row), so the start stays finite and scale-free.</summary>
    static (double[] Means, double[] Variances) ColumnMoments(DataMatrix data) =>
        (SampleMoments.ColumnMoments(data).Means, SampleMoments.ColumnScales(data));
}
