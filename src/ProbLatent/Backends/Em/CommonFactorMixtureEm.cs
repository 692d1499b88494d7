using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a mixture of common factor analysers (Baek, McLachlan and Flack 2010), part by part. E: the exact p(c, z | x).
/// M: the expected complete log-likelihood splits into the categorical's, each component's Gaussian over z and the
/// regression of x on z, so each part takes its own closed form: the weights Nₖ/N; ξₖ and Ωₖ, the responsibility-weighted
/// mean and covariance of E[z | x, k] (with the posterior covariance); and [A μ], Ψ by <see cref="LinearGaussianRegression"/>
/// over the statistics of all components together, with the ridge Λ = diag(r·sⱼ²) on Ψ that the mixture of factor
/// analysers has. The likelihood cannot see a shift or an invertible map of z, so after each M step z is pinned, which
/// changes no likelihood: Σₖ πₖ ξₖ = 0 and the pooled covariance Σₖ πₖ (Ωₖ + ξₖξₖᵀ) = I (full Ωₖ), or its diagonal = 1
/// (diagonal Ωₖ, which only a scaling keeps diagonal). One component is then factor analysis exactly (ξ = 0, Ω = I).
/// With full Ωₖ each iteration has a second cycle (an alternating ECM), the weights, ξₖ and Ωₖ with only c missing.
/// Starts from k-means++ clusters (distances in units of each column's spread) and a factor analysis of the whole data.
/// With missing cells the statistics are expectations under p(z, x_m | x_o, k), x_m read through the shared regression
/// (<see cref="FactorMixtureStatistics.OfMissing"/>), and the start reads each missing cell at its column's observed mean.
/// </summary>
internal sealed class CommonFactorMixtureEm(int components, int latentDimension, Covariance latentCovariance, bool isotropic, double regularization,
    double[]? variances = null) : MixtureEm(components, MixturePriors.None)
{
    /// <summary>A component with fewer responsibility-weighted points than this keeps its latent Gaussian: its statistics are singular.</summary>
    const double EmptyComponent = 1e-10;

    /// <summary>The factor analysis the start runs on the whole data, enough steps to find the leading directions.</summary>
    const int StartIterations = 50;

    readonly double[] _ridge = variances?.Select(v => regularization * v).ToArray() ?? [];

    /// <summary>A copy that holds each column's variance sⱼ² of <paramref name="data"/>, which sets the ridge and the start's units.</summary>
    public override EmAlgorithm For(DataMatrix data) =>
        new CommonFactorMixtureEm(Components, latentDimension, latentCovariance, isotropic, regularization, SampleMoments.ColumnScales(data));

    double[] Variances => variances ?? throw new InvalidOperationException("EM's common-factor-mixture steps need the data's column variances: call For(data) first");

    /// <summary>
    /// k-means++ clusters as hard responsibilities, and q(z | x, c) the posterior of a factor analysis of all the data (the
    /// same for every c): one M step from them gives each component the place and spread of its cluster's factor scores.
    /// </summary>
    public override bool MarginalisesMissing => true;

    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        if (data.HasMissing) data = MeanFilled(data);
        KMeansPlusPlus.Centers(data, Components, random, out var assignments, columnWeights: KMeansPlusPlus.InUnitsOf(Variances));
        var analysis = new LinearGaussianEm(latentDimension, isotropic, regularization).For(data);
        var common = analysis.Initialize(data, random);
        for (int i = 0; i < StartIterations; i++) common = analysis.Maximize(common, data, common.Posterior(data));
        var scores = (GaussianPosterior)common.Posterior(data);
        var hard = new double[data.Rows * Components];
        for (int n = 0; n < data.Rows; n++) hard[n * Components + assignments[n]] = 1;
        var start = new FactorMixturePosterior(new DiscretePosterior(hard, data.Rows, Components), Enumerable.Repeat(scores, Components).ToArray());
        return Maximize(null, data, start);
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data)
    {
        var posterior = ((MixtureOfCommonFactorAnalysers)model).ExactPosterior(data, out double logLikelihood);
        return (posterior, logLikelihood);
    }

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var model = (MixtureOfCommonFactorAnalysers?)current;
        var q = (FactorMixturePosterior)posterior;
        int k = Components, dim = latentDimension, width = dim + 1, d = data.Columns;
        var (_, weights) = CountsAndWeights(q.Responsibilities);
        var statistics = data.HasMissing
            ? FactorMixtureStatistics.OfMissing(data, q, k, dim, _ => model!.Regression)
            : FactorMixtureStatistics.Of(data, q, k, dim);
        // Σₙ rₙₖ E[z̃ z̃ᵀ | xₙ, k] = Bₖ + Nₖ Sₖ, each component's and their sum, which the regression reads.
        var second = new double[k][];
        var pooledSecond = new double[width * width];
        var pooledCross = new double[d * width];
        var pooledSquares = new double[d];
        for (int c = 0; c < k; c++)
        {
            second[c] = statistics.ExpectedSecond(c, q.Component(c).Covariance(0));
            Add(pooledSecond, second[c]);
            Add(pooledCross, statistics.Cross(c));
            Add(pooledSquares, statistics.Squares(c));
        }
        var regression = LinearGaussianRegression.Solve(pooledCross, pooledSecond, pooledSquares, pooledSecond[^1], _ridge, dim, isotropic);

        var means = new double[k * dim];
        var covariances = new double[k * dim * dim];
        for (int c = 0; c < k; c++)
        {
            // An emptied component keeps its Gaussian; at the start, with none yet, it takes the pooled one.
            var (moments, count) = statistics.Count(c) >= EmptyComponent ? (second[c], statistics.Count(c))
                : model is null ? (pooledSecond, pooledSecond[^1]) : (null, 0.0);
            if (moments is null)
            {
                model!.LatentMean(c).CopyTo(means.AsSpan(c * dim, dim));
                model.LatentCovariance(c).ToRowMajorArray().CopyTo(covariances.AsSpan(c * dim * dim, dim * dim));
                continue;
            }
            WeightedGaussian(moments, count, dim, means.AsSpan(c * dim, dim), covariances.AsSpan(c * dim * dim, dim * dim));
        }
        var pinned = Pinned(weights, means, covariances, regression);
        // The second cycle's estimate of z reads complete rows; with missing cells the first, an EM step of its own, is the step.
        return latentCovariance == Covariance.Full && !data.HasMissing ? WithComponentCycle(pinned, data) : pinned;
    }

    /// <summary>
    /// The step above, every part's closed form with z and c missing, is the first cycle; the second takes the weights, ξₖ
    /// and Ωₖ given A, μ and Ψ with only c missing (<see cref="CommonFactorComponentStep"/>), from the responsibilities
    /// at the first cycle's result. Each cycle is an EM step of its own, so neither lowers the likelihood, but for the
    /// second's floor under Ωₖ where the first went below it (a nearly singular start): there the second is kept only if
    /// its likelihood is no lower. Diagonal Ωₖ has no such closed form and takes the first cycle alone.
    /// </summary>
    MixtureOfCommonFactorAnalysers WithComponentCycle(MixtureOfCommonFactorAnalysers first, DataMatrix data)
    {
        var (posterior, before) = Expect(first, data);
        var step = CommonFactorComponentStep.Maximize(first, data, ((FactorMixturePosterior)posterior).Responsibilities, EmptyComponent);
        var second = Pinned(step.Weights, step.Means, step.Covariances, first.Regression);
        return step.Ascends || Expect(second, data).LogLikelihood >= before ? second : first;
    }

    /// <summary>The mean E[z] and covariance E[z zᵀ] − E[z] E[z]ᵀ from Σ r E[z̃ z̃ᵀ] over z̃ = [z; 1] and its count.</summary>
    static void WeightedGaussian(double[] moments, double count, int dim, Span<double> mean, Span<double> covariance)
    {
        int width = dim + 1;
        for (int i = 0; i < dim; i++) mean[i] = moments[i * width + dim] / count;
        for (int i = 0; i < dim; i++)
            for (int l = 0; l < dim; l++) covariance[i * dim + l] = moments[i * width + l] / count - mean[i] * mean[l];
    }

    /// <summary>
    /// The model with z mapped to T(z − b), b = Σₖ πₖ ξₖ and T the inverse Cholesky factor of the pooled covariance (full Ωₖ)
    /// or the inverse square roots of its diagonal (diagonal Ωₖ): ξₖ ↦ T(ξₖ − b), Ωₖ ↦ T Ωₖ Tᵀ, A ↦ A T⁻¹, μ ↦ μ + A b.
    /// Every marginal A ξₖ + μ and A Ωₖ Aᵀ + Ψ, and so the likelihood, is unchanged.
    /// </summary>
    MixtureOfCommonFactorAnalysers Pinned(double[] weights, double[] means, double[] covariances, LinearGaussianModel regression)
    {
        int k = Components, dim = latentDimension, d = regression.Dimension;
        var b = new double[dim];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < dim; i++) b[i] += weights[c] * means[c * dim + i];
        var pooled = new double[dim * dim];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < dim; i++)
                for (int l = 0; l < dim; l++)
                    pooled[i * dim + l] += weights[c] * (covariances[(c * dim + i) * dim + l] + (means[c * dim + i] - b[i]) * (means[c * dim + l] - b[l]));
        bool full = latentCovariance == Covariance.Full;
        // L, with L Lᵀ the pooled covariance (or its diagonal): z ↦ L⁻¹ (z − b).
        if (!full)
            for (int i = 0; i < dim; i++)
                for (int l = 0; l < dim; l++) if (i != l) pooled[i * dim + l] = 0;
        var factor = Cholesky.Factor(pooled, dim, "the pooled covariance of the latent factors");
        var lower = factor.Lower;

        var a = regression.LoadingsFlat;
        var loadings = new double[d * dim];
        var offset = regression.Mean.ToArray();
        for (int j = 0; j < d; j++)
            for (int i = 0; i < dim; i++)
            {
                offset[j] += a[j * dim + i] * b[i];
                for (int l = i; l < dim; l++) loadings[j * dim + i] += a[j * dim + l] * lower[l * dim + i];
            }
        var shifted = new double[dim];
        var column = new double[dim];
        var input = new double[dim * dim];
        for (int c = 0; c < k; c++)
        {
            for (int i = 0; i < dim; i++) shifted[i] = means[c * dim + i] - b[i];
            factor.SolveLowerInPlace(shifted);
            shifted.CopyTo(means.AsSpan(c * dim, dim));
            // T Ωₖ Tᵀ = L⁻¹ Ωₖ L⁻ᵀ: each pass solves the columns of its input and writes them as rows, (L⁻¹ M)ᵀ, so two
            // passes give (L⁻¹ (L⁻¹ Ωₖ)ᵀ)ᵀ = L⁻¹ Ωₖ L⁻ᵀ.
            var omega = covariances.AsSpan(c * dim * dim, dim * dim);
            for (int pass = 0; pass < 2; pass++)
            {
                omega.CopyTo(input);
                for (int l = 0; l < dim; l++)
                {
                    for (int i = 0; i < dim; i++) column[i] = input[i * dim + l];
                    factor.SolveLowerInPlace(column);
                    column.CopyTo(omega.Slice(l * dim, dim));
                }
            }
        }
        var latent = full ? covariances : Diagonals(covariances, k, dim);
        return new MixtureOfCommonFactorAnalysers(weights, means, latent, latentCovariance, loadings, offset, regression.NoiseVariances.ToArray(), isotropic);
    }

    /// <summary>−½ tr ΛΨ⁻¹, the log-prior whose MAP step <see cref="Maximize"/> takes.</summary>
    public override double LogPrior(ILatentModel model)
    {
        if (regularization == 0) return 0;
        var noise = ((MixtureOfCommonFactorAnalysers)model).NoiseVariances;
        double trace = 0;
        for (int j = 0; j < noise.Count; j++) trace += _ridge[j] / noise[j];
        return -0.5 * trace;
    }

    static void Add(double[] total, ReadOnlySpan<double> values)
    {
        for (int i = 0; i < total.Length; i++) total[i] += values[i];
    }

    static double[] Diagonals(double[] covariances, int k, int dim)
    {
        var result = new double[k * dim];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < dim; i++) result[c * dim + i] = covariances[(c * dim + i) * dim + i];
        return result;
    }
}
