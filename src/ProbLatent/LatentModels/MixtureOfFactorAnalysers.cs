using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// c ~ Categorical(π), h ~ N(0, I_q), x | c = k, h ~ N(Wₖ h + μₖ, Ψₖ): a mixture of factor analysers (diagonal Ψₖ;
/// Ghahramani and Hinton 1996), or of probabilistic PCA when each Ψₖ = σₖ²I (Tipping and Bishop 1999). The marginal is
/// a Gaussian mixture with covariances Wₖ Wₖᵀ + Ψₖ; each component is a <see cref="LinearGaussianModel"/>, so its
/// density and its posterior p(h | x, c) go through the q×q Woodbury form and no d×d matrix is formed. A data set's
/// missing cells are marginalised per component and pattern (see <see cref="ObservedFactorMixture"/>).
/// </summary>
public sealed class MixtureOfFactorAnalysers : DiscreteLatentModel, IImputingModel
{
    readonly double[] _weights;
    readonly double[] _logWeights;
    readonly LinearGaussianModel[] _components;

    /// <param name="weights">K mixing weights, positive or zero, summing to 1.</param>
    /// <param name="components">K linear-Gaussian components of one data and latent dimension, all isotropic or all not.</param>
    public MixtureOfFactorAnalysers(double[] weights, IReadOnlyList<LinearGaussianModel> components)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(components);
        if (weights.Length < 1) throw new ArgumentException("a mixture needs at least one component", nameof(weights));
        GaussianMixture.CheckWeights(weights);
        if (components.Count != weights.Length)
            throw new ArgumentException($"expected {weights.Length} components, one per weight, got {components.Count}", nameof(components));
        var first = components[0];
        for (int k = 1; k < components.Count; k++)
            if (components[k].Dimension != first.Dimension || components[k].LatentDimension != first.LatentDimension || components[k].IsIsotropic != first.IsIsotropic)
                throw new ArgumentException(
                    $"component {k} is {Describe(components[k])} but component 0 is {Describe(first)}; all components share their dimensions and noise form", nameof(components));
        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _components = components.ToArray();
    }

    /// <summary>From flat arrays, as files store them: weights K, loadings K×d×q, means K×d, noise variances K×d.</summary>
    public static MixtureOfFactorAnalysers FromArrays(double[] weights, double[] loadings, double[] means, double[] noiseVariances, int latentDimension, bool isotropic)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(loadings);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(noiseVariances);
        int k = weights.Length;
        if (k < 1 || means.Length % k != 0) throw new ArgumentException($"expected {k}×d means, got {means.Length}", nameof(means));
        int d = means.Length / k, q = latentDimension;
        if (loadings.Length != k * d * q) throw new ArgumentException($"expected {k}×{d}×{q} loadings, got {loadings.Length}", nameof(loadings));
        if (noiseVariances.Length != k * d) throw new ArgumentException($"expected {k}×{d} noise variances, got {noiseVariances.Length}", nameof(noiseVariances));
        var components = Enumerable.Range(0, k).Select(c => new LinearGaussianModel(
            loadings.AsSpan(c * d * q, d * q).ToArray(), means.AsSpan(c * d, d).ToArray(), noiseVariances.AsSpan(c * d, d).ToArray(), q, isotropic)).ToArray();
        return new MixtureOfFactorAnalysers(weights, components);
    }

    static string Describe(LinearGaussianModel m) => $"{m.Dimension}-dimensional with {m.LatentDimension} factors and {(m.IsIsotropic ? "isotropic" : "diagonal")} noise";

    public int Components => _components.Length;
    public int Dimension => _components[0].Dimension;
    public int LatentDimension => _components[0].LatentDimension;
    public bool IsIsotropic => _components[0].IsIsotropic;

    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Component k: x | c = k ~ N(Wₖ h + μₖ, Ψₖ) with h ~ N(0, I).</summary>
    public LinearGaussianModel Component(int k) => _components[k];

    /// <summary>One array of each component's values in turn, component 0 first (the layout <see cref="FromArrays"/> reads).</summary>
    internal double[] PerComponent(Func<LinearGaussianModel, IEnumerable<double>> values) => _components.SelectMany(values).ToArray();

    public override ModelFamily Family => IsIsotropic ? ModelFamily.MixtureOfProbabilisticPca : ModelFamily.MixtureOfFactorAnalysers;
    public override int DataDimension => Dimension;
    public override int StateCount => Components;
    public override ReadOnlySpan<double> StateLogPriors => _logWeights;
    public override int ParameterCount => Components - 1 + _components.Sum(c => c.ParameterCount);

    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        Span<double> scratch = LatentDimension <= 64 ? stackalloc double[LatentDimension] : new double[LatentDimension];
        for (int c = 0; c < Components; c++) result[c] = _components[c].PointLogLikelihood(x, scratch);
    }

    /// <summary>Each component over the observed coordinates, per pattern of missing cells.</summary>
    internal override IObservedLikelihoods ObservedLikelihoods(MissingPatterns missing) => new ObservedFactorMixture(_components, missing);

    /// <summary>The rows with each missing cell at Σₖ p(k | x_o) (Wₖ,m E[h | x_o, k] + μₖ,m); the data itself when none is missing.</summary>
    public DataMatrix Impute(DataMatrix data) => Imputed(data);

    /// <summary>The exact p(c, h | x): the responsibilities, and p(h | x, c = k) = N(Mₖ⁻¹ Wₖᵀ Ψₖ⁻¹ (x − μₖ), Mₖ⁻¹).</summary>
    public override IPosterior Posterior(DataMatrix data) => ExactPosterior(data, out _);

    /// <summary>The exact posterior and, through <paramref name="logLikelihood"/>, the total log p(x) (EM's E step).</summary>
    public FactorMixturePosterior ExactPosterior(DataMatrix data, out double logLikelihood)
    {
        CheckData(data);
        var responsibilities = new DiscretePosterior(PosteriorProbabilities(data, out logLikelihood), data.Rows, Components);
        if (Observed(data) is ObservedFactorMixture observed)
            return new FactorMixturePosterior(responsibilities, Enumerable.Range(0, Components).Select(c => observed.Component(c).Posterior(data)).ToArray());
        int q = LatentDimension;
        var gaussians = _components.Select(component =>
        {
            var means = new double[data.Rows * q];
            RowBlocks.Sum(data.Rows, (start, end) =>
            {
                for (int n = start; n < end; n++) component.PosteriorMean(data.Row(n), means.AsSpan(n * q, q));
                return 0;
            });
            return new GaussianPosterior(means, component.PosteriorCovariance.ToArray(), data.Rows, q);
        }).ToArray();
        return new FactorMixturePosterior(responsibilities, gaussians);
    }

    /// <summary>
    /// Σₙ Σₖ q(cₙ = k) (E[log p(xₙ | hₙ, k)] + log πₖ + E[log p(hₙ)]) + H[q(c)] + Σₙ Σₖ q(cₙ = k) H[q(hₙ | k)], each E
    /// under q(hₙ | cₙ = k).
    /// </summary>
    public override ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        CheckData(data);
        if (Observed(data) is ObservedFactorMixture observed)
            return Elbo(data, q, (c, x, g, n, _) => observed.Component(c).PointElboTerms(n, x, g.Mean(n), g.Covariance(n)));
        return Elbo(data, q, (c, x, g, n, _) => _components[c].PointElboTerms(x, g.Mean(n), g.Covariance(n)));
    }

    /// <summary>E_q[log p(xₙ | hₙ, c)] and E_q[log p(hₙ | c)] of point n under q(hₙ | c) = <paramref name="q"/>; <paramref name="scratch"/> holds 2Q values.</summary>
    internal delegate (double Likelihood, double Prior) ComponentTerms(int component, ReadOnlySpan<double> x, GaussianPosterior q, int n, double[] scratch);

    /// <summary>
    /// The ELBO of a q(c, h) = q(c) q(h | c) over this mixture's components, whose per-component expectations
    /// <paramref name="terms"/> gives: the form of this model's and of the common factor mixture's, whose latent is z.
    /// </summary>
    internal ElboTerms Elbo(DataMatrix data, IPosterior q, ComponentTerms terms)
    {
        CheckData(data);
        if (q is not FactorMixturePosterior f || f.Count != data.Rows || f.Components != Components || f.LatentDimension != LatentDimension)
            throw new ArgumentException(
                $"q must be a factor-mixture posterior over {data.Rows} points, {Components} components and {LatentDimension} latent dimensions", nameof(q));
        var (likelihood, prior, entropy) = RowBlocks.Sum3(data.Rows, (start, end) =>
        {
            var scratch = new double[2 * LatentDimension];
            double a = 0, b = 0, h = 0;
            for (int n = start; n < end; n++)
            {
                var x = data.Row(n);
                var r = f.Responsibilities.Row(n);
                for (int c = 0; c < Components; c++)
                {
                    double w = r[c];
                    if (w == 0) continue; // 0·log 0 = 0, even where a component is impossible
                    var g = f.Component(c);
                    var (l, p) = terms(c, x, g, n, scratch);
                    a += w * l;
                    b += w * (_logWeights[c] + p);
                    h += w * (g.PointEntropy(n) - Math.Log(w));
                }
            }
            return (a, b, h);
        });
        return new ElboTerms(likelihood, prior, entropy);
    }

    public override GeneratedData Generate(int count, Random random) => Generate(count, random, "h", null);

    /// <summary>
    /// Draws c and then x and h from component c; <paramref name="factors"/>, when given, maps each point's h in place to the
    /// latent a composition names <paramref name="prefix"/> (the common factor mixture's z = ξ_c + L_c h).
    /// </summary>
    internal GeneratedData Generate(int count, Random random, string prefix, Action<int, Span<double>>? factors)
    {
        int d = Dimension, q = LatentDimension;
        var x = new double[count * d];
        var latents = new double[count * (q + 1)];
        for (int n = 0; n < count; n++)
        {
            int c = random.NextCategorical(_weights);
            latents[n * (q + 1)] = c;
            var h = latents.AsSpan(n * (q + 1) + 1, q);
            _components[c].Draw(random, x.AsSpan(n * d, d), h);
            factors?.Invoke(c, h);
        }
        // The names the model description gives the two latents (c ~ Categorical, h ~ N(0, I)), as sample writes them.
        var names = GeneratedData.LatentNames(q, prefix).Prepend("c").ToArray();
        return new GeneratedData(new DataMatrix(x, count, d, source: "sample"), new DataMatrix(latents, count, q + 1, names, "sample"));
    }

    public override string ToString() =>
        $"mixture of {Components} {(IsIsotropic ? "probabilistic PCA" : "factor analyser")}s, {Dimension}-dimensional with {LatentDimension} factors";
}
