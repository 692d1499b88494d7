using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// c ~ Categorical(π), z | c = k ~ N(ξₖ, Ωₖ), x | z ~ N(A z + μ, Ψ): a mixture of common factor analysers (Baek, McLachlan
/// and Flack 2010), where the components share one loading matrix A and differ in where their factors sit (ξₖ) and how they
/// spread (Ωₖ, full or diagonal), with diagonal Ψ (or σ²I). The marginal is a Gaussian mixture with means A ξₖ + μ and
/// covariances A Ωₖ Aᵀ + Ψ. Writing z = ξₖ + Lₖ h with Ωₖ = Lₖ Lₖᵀ and h ~ N(0, I), component k is the factor analyser
/// x = (A Lₖ) h + (A ξₖ + μ) + ε, so its density and p(h | x, c) go through that analyser's q×q Woodbury form
/// (<see cref="Marginal"/>) and no d×d matrix is formed; p(z | x, c) is its image under h ↦ ξₖ + Lₖ h.
/// </summary>
public sealed class MixtureOfCommonFactorAnalysers : DiscreteLatentModel, IImputingModel
{
    readonly double[] _weights;
    readonly double[] _logWeights;
    readonly double[] _latentMeans;       // K×q, ξ
    readonly double[] _latentCovariances; // K×q×q (full) or K×q (diagonal variances), Ω
    readonly Cholesky[] _latentFactors;   // Lₖ, Ωₖ = Lₖ Lₖᵀ
    readonly LinearGaussianModel _regression; // x | z ~ N(A z + μ, Ψ); its own prior N(0, I) is not this model's
    readonly MixtureOfFactorAnalysers _marginal;

    /// <param name="weights">K mixing weights, positive or zero, summing to 1.</param>
    /// <param name="latentMeans">ξ, K×q row-major.</param>
    /// <param name="latentCovariances">Ω, K×q×q row-major for <see cref="Covariance.Full"/>; K×q variances for Diagonal.</param>
    /// <param name="latentCovariance">The form of every Ωₖ: Full or Diagonal.</param>
    /// <param name="loadings">A, d×q row-major, shared by the components.</param>
    /// <param name="offset">μ, length d.</param>
    /// <param name="noiseVariances">The diagonal of Ψ, length d, each positive (all equal when <paramref name="isotropic"/>).</param>
    public MixtureOfCommonFactorAnalysers(double[] weights, double[] latentMeans, double[] latentCovariances, Covariance latentCovariance,
        double[] loadings, double[] offset, double[] noiseVariances, bool isotropic)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(latentMeans);
        ArgumentNullException.ThrowIfNull(latentCovariances);
        ArgumentNullException.ThrowIfNull(loadings);
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(noiseVariances);
        if (latentCovariance is not (Covariance.Full or Covariance.Diagonal))
            throw new ArgumentException($"the latent covariances of a mixture of common factor analysers are Full or Diagonal, not {latentCovariance}", nameof(latentCovariance));
        int k = weights.Length, d = offset.Length;
        if (k < 1) throw new ArgumentException("a mixture needs at least one component", nameof(weights));
        if (d < 1) throw new ArgumentException("the data dimension must be at least 1", nameof(offset));
        if (latentMeans.Length == 0 || latentMeans.Length % k != 0)
            throw new ArgumentException($"expected {k}×q latent means, one row per weight, got {latentMeans.Length}", nameof(latentMeans));
        int q = latentMeans.Length / k;
        GaussianMixture.CheckWeights(weights);
        foreach (var v in latentMeans)
            if (!double.IsFinite(v)) throw new ArgumentException("a latent mean is not finite", nameof(latentMeans));
        int perComponent = latentCovariance == Covariance.Full ? q * q : q;
        if (latentCovariances.Length != k * perComponent)
            throw new ArgumentException($"expected {k}×{perComponent} latent covariance values, got {latentCovariances.Length}", nameof(latentCovariances));
        if (loadings.Length != d * q) throw new ArgumentException($"expected {d}×{q} loadings, got {loadings.Length}", nameof(loadings));

        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _latentMeans = latentMeans;
        _latentCovariances = latentCovariances;
        LatentCovarianceKind = latentCovariance;
        _regression = new LinearGaussianModel(loadings, offset, noiseVariances, q, isotropic);
        _latentFactors = new Cholesky[k];
        var components = new LinearGaussianModel[k];
        for (int c = 0; c < k; c++)
        {
            _latentFactors[c] = Cholesky.Factor(LatentCovarianceArray(c), q, $"latent covariance of component {c}");
            components[c] = new LinearGaussianModel(Times(loadings, _latentFactors[c].Lower, d, q), Affine(c), noiseVariances, q, isotropic);
        }
        _marginal = new MixtureOfFactorAnalysers(weights, components);
    }

    public int Components => _weights.Length;
    public int Dimension => _regression.Dimension;
    public int LatentDimension => _regression.LatentDimension;
    public bool IsIsotropic => _regression.IsIsotropic;

    /// <summary>The form of the latent covariances Ωₖ: Full or Diagonal.</summary>
    public Covariance LatentCovarianceKind { get; }

    public IReadOnlyList<double> Weights => _weights;

    /// <summary>ξₖ, where component k's factors sit.</summary>
    public double[] LatentMean(int component) => _latentMeans.AsSpan(component * LatentDimension, LatentDimension).ToArray();

    /// <summary>Ωₖ as a q×q matrix (diagonal for diagonal latent covariances).</summary>
    // Ωₖ is symmetric, so its row-major values read column-major are the same matrix.
    public Matrix<double> LatentCovariance(int component) => Matrix<double>.Build.Dense(LatentDimension, LatentDimension, LatentCovarianceArray(component));

    /// <summary>A, the d×q loadings the components share.</summary>
    public Matrix<double> Loadings => _regression.Loadings;

    /// <summary>μ, the offset of x | z.</summary>
    public IReadOnlyList<double> Offset => _regression.Mean;

    /// <summary>The diagonal of Ψ (σ² repeated when isotropic).</summary>
    public IReadOnlyList<double> NoiseVariances => _regression.NoiseVariances;

    /// <summary>
    /// The same distribution of x as a mixture of factor analysers: component k has loadings A Lₖ (Lₖ the Cholesky factor of
    /// Ωₖ), mean A ξₖ + μ and the common Ψ, so its covariance is A Ωₖ Aᵀ + Ψ. Its factors h are the standardized
    /// z = ξₖ + Lₖ h.
    /// </summary>
    public MixtureOfFactorAnalysers Marginal => _marginal;

    /// <summary>The regression x | z ~ N(A z + μ, Ψ), whose ELBO terms and M step this model and EM share.</summary>
    internal LinearGaussianModel Regression => _regression;

    /// <summary>ξ, K×q, the layout the constructor reads.</summary>
    internal ReadOnlySpan<double> LatentMeansFlat => _latentMeans;

    /// <summary>Ω, K×q×q or K×q, the layout the constructor reads.</summary>
    internal ReadOnlySpan<double> LatentCovariancesFlat => _latentCovariances;

    public override ModelFamily Family => ModelFamily.MixtureOfCommonFactorAnalysers;
    public override int DataDimension => Dimension;
    public override int StateCount => Components;
    public override ReadOnlySpan<double> StateLogPriors => _logWeights;

    /// <summary>
    /// K − 1 weights, K q latent means, the latent covariances, d q loadings, d offsets and the noise, less what the
    /// likelihood cannot see: a shift of z (q), and an invertible map of z (q² for full Ωₖ; for diagonal Ωₖ only the q
    /// scales keep every Ωₖ diagonal, and with one component a rotation too, q(q + 1)/2 in all, as factor analysis counts).
    /// </summary>
    public override int ParameterCount
    {
        get
        {
            int k = Components, d = Dimension, q = LatentDimension;
            bool full = LatentCovarianceKind == Covariance.Full;
            int covariances = k * (full ? q * (q + 1) / 2 : q);
            int map = full ? q * q : k == 1 ? q * (q + 1) / 2 : q;
            return k - 1 + k * q + covariances + d * q + d + (IsIsotropic ? 1 : d) - q - map;
        }
    }

    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result) => _marginal.StateLogLikelihoods(x, result);

    /// <summary>The marginal mixture's components over the observed coordinates, per pattern of missing cells.</summary>
    internal override IObservedLikelihoods ObservedLikelihoods(MissingPatterns missing) => _marginal.ObservedLikelihoods(missing);

    /// <summary>The rows with each missing cell at E[x_m | x_o] under the marginal mixture; the data itself when none is missing.</summary>
    public DataMatrix Impute(DataMatrix data) => Imputed(data);

    /// <summary>The exact p(c, z | x): the responsibilities, and p(z | x, c = k) = N(ξₖ + Lₖ mₙₖ, Lₖ Mₖ⁻¹ Lₖᵀ) from p(h | x, c = k) = N(mₙₖ, Mₖ⁻¹).</summary>
    public override IPosterior Posterior(DataMatrix data) => ExactPosterior(data, out _);

    /// <summary>The exact posterior over (c, z) and, through <paramref name="logLikelihood"/>, the total log p(x) (EM's E step).</summary>
    public FactorMixturePosterior ExactPosterior(DataMatrix data, out double logLikelihood)
    {
        var standardized = _marginal.ExactPosterior(data, out logLikelihood);
        int q = LatentDimension;
        var gaussians = new GaussianPosterior[Components];
        for (int c = 0; c < Components; c++)
        {
            var h = standardized.Component(c);
            var lower = _latentFactors[c];
            var means = new double[data.Rows * q];
            var xi = _latentMeans.AsSpan(c * q, q);
            for (int n = 0; n < data.Rows; n++)
            {
                var z = means.AsSpan(n * q, q);
                lower.MultiplyLower(h.Mean(n), z);
                for (int i = 0; i < q; i++) z[i] += xi[i];
            }
            gaussians[c] = h.Mapped(means, q, covariance => Congruence(lower.Lower, covariance, q));
        }
        return new FactorMixturePosterior(standardized.Responsibilities, gaussians);
    }

    /// <summary>
    /// Σₙ Σₖ q(cₙ = k) (E[log p(xₙ | zₙ)] + log πₖ + E[log N(zₙ; ξₖ, Ωₖ)]) + H[q(c)] + Σₙ Σₖ q(cₙ = k) H[q(zₙ | k)], each E
    /// under q(zₙ | cₙ = k); E[log N(z; ξₖ, Ωₖ)] = −KL(q(zₙ | k) ‖ N(ξₖ, Ωₖ)) − H[q(zₙ | k)].
    /// </summary>
    public override ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        CheckData(data);
        return Elbo(data, q, _regression.Observed(data));
    }

    /// <summary>The ELBO with x | z's terms over the observed coordinates when <paramref name="observed"/> is given.</summary>
    ElboTerms Elbo(DataMatrix data, IPosterior q, ObservedLinearGaussian? observed) => _marginal.Elbo(data, q, (c, x, g, n, scratch) =>
    {
        int dim = LatentDimension;
        var (likelihood, _) = observed is null ? _regression.PointElboTerms(x, g.Mean(n), g.Covariance(n))
            : observed.PointElboTerms(n, x, g.Mean(n), g.Covariance(n));
        double kl = KullbackLeibler.Gaussians(g.Mean(n), g.CovarianceFactor(n), _latentMeans.AsSpan(c * dim, dim), _latentFactors[c], scratch);
        return (likelihood, -kl - g.PointEntropy(n));
    });

    /// <summary>Draws c, then z = ξ_c + L_c h with h ~ N(0, I), then x | z; the latents are c and z1, z2, …</summary>
    public override GeneratedData Generate(int count, Random random) => _marginal.Generate(count, random, "z", (c, h) =>
    {
        // L h in place: MultiplyLower writes from the last row up, each row reading only the entries above it.
        _latentFactors[c].MultiplyLower(h, h);
        var xi = _latentMeans.AsSpan(c * LatentDimension, LatentDimension);
        for (int i = 0; i < xi.Length; i++) h[i] += xi[i];
    });

    public override string ToString() =>
        $"mixture of {Components} common factor analysers, {Dimension}-dimensional with {LatentDimension} shared factors " +
        $"({LatentCovarianceKind.ToString().ToLowerInvariant()} latent covariances, {(IsIsotropic ? "isotropic" : "diagonal")} noise)";

    /// <summary>Ωₖ as a q×q row-major array.</summary>
    double[] LatentCovarianceArray(int c)
    {
        int q = LatentDimension;
        if (LatentCovarianceKind == Covariance.Full) return _latentCovariances.AsSpan(c * q * q, q * q).ToArray();
        var omega = new double[q * q];
        for (int i = 0; i < q; i++)
        {
            double v = _latentCovariances[c * q + i];
            if (!(v > 0) || double.IsInfinity(v))
                throw new ArgumentException($"latent variance {i} of component {c} is {v}; variances must be positive and finite", "latentCovariances");
            omega[i * q + i] = v;
        }
        return omega;
    }

    /// <summary>A ξₖ + μ.</summary>
    double[] Affine(int c)
    {
        int d = Dimension, q = LatentDimension;
        var a = _regression.LoadingsFlat;
        var mean = new double[d];
        for (int j = 0; j < d; j++)
        {
            double v = _regression.Mean[j];
            for (int i = 0; i < q; i++) v += a[j * q + i] * _latentMeans[c * q + i];
            mean[j] = v;
        }
        return mean;
    }

    /// <summary>A L for A d×q and L q×q lower triangular, both row-major.</summary>
    static double[] Times(double[] a, ReadOnlySpan<double> lower, int d, int q)
    {
        var result = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++)
            {
                double s = 0;
                for (int l = i; l < q; l++) s += a[j * q + l] * lower[l * q + i];
                result[j * q + i] = s;
            }
        return result;
    }

    /// <summary>L S Lᵀ for q×q row-major L (lower triangular) and symmetric S.</summary>
    static double[] Congruence(ReadOnlySpan<double> lower, ReadOnlySpan<double> s, int q)
    {
        var ls = new double[q * q];
        for (int i = 0; i < q; i++)
            for (int j = 0; j < q; j++)
            {
                double v = 0;
                for (int l = 0; l <= i; l++) v += lower[i * q + l] * s[l * q + j];
                ls[i * q + j] = v;
            }
        var result = new double[q * q];
        for (int i = 0; i < q; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = 0;
                for (int l = 0; l <= j; l++) v += ls[i * q + l] * lower[j * q + l];
                result[i * q + j] = result[j * q + i] = v;
            }
        return result;
    }
}
