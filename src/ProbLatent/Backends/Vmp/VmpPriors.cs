namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The priors of VMP's Bayesian models. A prior that carries the data's units (where the means lie, how wide the
/// components and the noise are) is data-scaled while its value is left unset: stated in units of the data's
/// mean, covariance and column variances (as scikit-learn's BayesianGaussianMixture does), so the fit of s·x + c is
/// the fit of x mapped. A value that is set is used as given, in the data's units and Infer.NET's parameterisations
/// (a Gaussian by its mean and precision, a Wishart by shape a and scale S with E[Λ] = a·S, a Gamma by shape and
/// rate), so a model ported from Infer.NET gives the same numbers.
/// <para>
/// Below, x̄ is the data's mean, S its sample covariance (unbiased, as numpy's cov) and vⱼ the variance of column j.
/// </para>
/// </summary>
public sealed record VmpPriors
{
    /// <summary>Mixing weights π ~ Dirichlet(α₀, …, α₀). Default 1 (uniform over the simplex).</summary>
    public double WeightConcentration { get; init; } = 1;

    /// <summary>
    /// Component means μₖ ~ N(m₀, (τ₀I)⁻¹) of a mixture, and the offsets μⱼ ~ N(m₀ⱼ, 1/τ₀) of PPCA and factor
    /// analysis: this is τ₀. Unset (the default): data-scaled, μₖ ~ N(x̄, S) for full covariances and
    /// N(x̄ⱼ, vⱼ) per column otherwise (scikit-learn's mean_precision_prior = 1, with the data's covariance in place of
    /// the component's own, since these means and precisions have independent priors).
    /// </summary>
    public double? MeanPrecision { get; init; }

    /// <summary>
    /// m₀, one value per data dimension (for mixture means and PPCA/FA offsets alike). Unset: the data's mean x̄ when
    /// the mean prior is data-scaled, the zero vector (Infer.NET's) when <see cref="MeanPrecision"/> is given.
    /// </summary>
    public IReadOnlyList<double>? MeanMean { get; init; }

    /// <summary>
    /// Component precisions Λₖ ~ Wishart(a₀, S₀) (full covariance): this is a₀, which must exceed (d − 1)/2.
    /// Default d/2 (scikit-learn's degrees_of_freedom_prior = d).
    /// </summary>
    public double? WishartShape { get; init; }

    /// <summary>
    /// The scale s₀ of a Wishart prior with scale matrix s₀I (rate I/s₀). Unset: data-scaled, rate a₀·S/d, so that
    /// E[Λ] = d·S⁻¹ whatever the shape; at the default shape that is rate S/2, scikit-learn's covariance_prior = S.
    /// </summary>
    public double? WishartScale { get; init; }

    /// <summary>
    /// Gamma(shape, rate) for every precision that is a scalar: diagonal-covariance components, noise precisions
    /// of PPCA, factor analysis and their mixtures, and the ARD precisions of their loadings: this is the shape. Default
    /// d/2 for diagonal components (scikit-learn's degrees of freedom), <see cref="DefaultNoiseShape"/> for noise, 1 for ARD.
    /// For ARD to switch off unneeded latent dimensions clearly, use a broad prior (Bishop 1999 uses shape = rate =
    /// 10⁻³): with shape = rate = 1, E[αᵢ] can never exceed 1 + d/2, whatever the data.
    /// </summary>
    public double? GammaShape { get; init; }

    /// <summary>
    /// The noise precisions' default shape, 10⁻³: Bishop's broad Gamma (1999), its rate stated in the data's units
    /// (shape × a column's variance, see <see cref="GammaRate"/>), so E[τⱼ] = 1/vⱼ and the fit of s·x + c stays the fit of
    /// x mapped. A Gamma(a, a·vⱼ) weighs as much as 2a points spread as the whole data is: a mixture component holds a
    /// part of the data spread much less widely (the lengths of Iris' setosa petals vary a hundred times less than all of Iris'), so at
    /// shape 1 those two points of the whole data's spread outweighed its fifty and held its noise near the data's,
    /// while at 10⁻³ they weigh a five-hundredth of a point. The noise of factor analysis and PPCA, one component, has the
    /// same default, so a one-component mixture is their fit.
    /// </summary>
    public const double DefaultNoiseShape = 1e-3;

    /// <summary>
    /// The rate of the scalar-precision Gamma priors. Unset: data-scaled, shape × a variance, so that E[λₖⱼ] = d/vⱼ for
    /// diagonal components (rate vⱼ/2 at the default shape, scikit-learn's covariance_prior), E[τⱼ] = 1/vⱼ for the noise
    /// of factor analysis and of each component of a mixture of them (PPCA's: 1 over the mean of the vⱼ), and the loadings' ARD prior is on each row wⱼ in units of
    /// column j's spread, wⱼ ~ N(0, vⱼ diag(α)⁻¹) (PPCA: the mean variance), with E[αᵢ] = 1.
    /// Given: used as the rate of every scalar-precision prior, and the ARD prior is wⱼ ~ N(0, diag(α)⁻¹).
    /// </summary>
    public double? GammaRate { get; init; }

    /// <summary>Per-pixel Bernoulli probabilities of a Bernoulli mixture ~ Beta(a, b). Default a = b = 1 (uniform).</summary>
    public double BetaA { get; init; } = 1;

    public double BetaB { get; init; } = 1;

    /// <summary>Each component's and column's symbol probabilities of a categorical likelihood ~ Dirichlet(α₀, …, α₀). Default 1 (uniform over the simplex).</summary>
    public double SymbolConcentration { get; init; } = 1;

    /// <summary>One concentration per symbol, from a model's asymmetric Dirichlet on the symbol probabilities; null for <see cref="SymbolConcentration"/> on all.</summary>
    internal IReadOnlyList<double>? SymbolConcentrationsStated { get; init; }

    /// <summary>The Dirichlet concentrations of a categorical's <paramref name="symbols"/> symbol probabilities.</summary>
    internal double[] SymbolConcentrations(int symbols) =>
        SymbolConcentrationsStated?.ToArray() ?? Enumerable.Repeat(SymbolConcentration, symbols).ToArray();

    /// <summary>
    /// The shape of the Gamma prior on the ARD precisions of PPCA's and factor analysis' loadings, when it differs from
    /// the noise precisions' (a model stating <c>ParameterPrior.Ard</c> sets it). Unset: <see cref="GammaShape"/>, and
    /// with both of those unset, the data-scaled ARD prior (see <see cref="GammaRate"/>).
    /// </summary>
    public double? ArdShape { get; init; }

    /// <summary>The rate of the ARD precisions' Gamma prior. Unset: <see cref="GammaRate"/>.</summary>
    public double? ArdRate { get; init; }

    /// <summary>One concentration per component, from a model's asymmetric Dirichlet; null for <see cref="WeightConcentration"/> on all.</summary>
    internal IReadOnlyList<double>? ComponentConcentrations { get; init; }

    /// <summary>The Dirichlet concentrations of <paramref name="components"/> mixing weights.</summary>
    internal double[] Concentrations(int components) =>
        ComponentConcentrations?.ToArray() ?? Enumerable.Repeat(WeightConcentration, components).ToArray();

    /// <summary>
    /// False once a model states a Gamma on the noise alone: the ARD prior then keeps what it was before (its own values,
    /// or data-scaled), instead of falling back to that stated Gamma.
    /// </summary>
    internal bool ArdFallsBackToNoise { get; init; } = true;

    internal double? ResolvedArdShape => ArdShape ?? (ArdFallsBackToNoise ? GammaShape : null);

    internal double? ResolvedArdRate => ArdRate ?? (ArdFallsBackToNoise ? GammaRate : null);

    public double ResolvedWishartShape(int dimension) => WishartShape ?? dimension / 2.0;

    /// <summary>Checks every prior is proper for data of the given dimension; the message names the prior and the bad value.</summary>
    public void Validate(int dimension)
    {
        static void Positive(string name, double? value)
        {
            if (value is double v && (!(v > 0) || double.IsInfinity(v)))
                throw new BackendNotSupportedException("vmp", $"prior {name} must be positive and finite, got {v}");
        }
        Positive("weight concentration", WeightConcentration);
        Positive("mean precision", MeanPrecision);
        Positive("Gamma shape", GammaShape);
        Positive("Gamma rate", GammaRate);
        Positive("Beta a", BetaA);
        Positive("Beta b", BetaB);
        Positive("symbol concentration", SymbolConcentration);
        Positive("ARD shape", ResolvedArdShape);
        Positive("ARD rate", ResolvedArdRate);
        Positive("Wishart scale", WishartScale);
        double shape = ResolvedWishartShape(dimension);
        if (!(shape > (dimension - 1) / 2.0) || double.IsInfinity(shape))
            throw new BackendNotSupportedException("vmp",
                $"prior Wishart shape {shape} must exceed (d − 1)/2 = {(dimension - 1) / 2.0} for data of dimension {dimension}");
        if (MeanMean is not null)
        {
            if (MeanMean.Count != dimension)
                throw new BackendNotSupportedException("vmp", $"prior mean has {MeanMean.Count} values but the data dimension is {dimension}");
            if (MeanMean.Any(v => !double.IsFinite(v))) throw new BackendNotSupportedException("vmp", "prior mean has a value that is not finite");
        }
    }
}
