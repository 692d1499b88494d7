namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The priors of VMP's Bayesian models, in Infer.NET's parameterisations so a model ported from Infer.NET gives the
/// same numbers: a Gaussian by its mean and precision, a Wishart by shape a and scale S (E[Λ] = a·S), a Gamma by
/// shape and rate (E[τ] = shape/rate).
/// </summary>
public sealed record VmpPriors
{
    /// <summary>Mixing weights π ~ Dirichlet(α₀, …, α₀). Default 1 (uniform over the simplex).</summary>
    public double WeightConcentration { get; init; } = 1;

    /// <summary>
    /// Component means μₖ ~ N(m₀, (τ₀I)⁻¹) of a mixture, and the offsets μⱼ ~ N(m₀ⱼ, 1/τ₀) of PPCA and factor
    /// analysis: this is τ₀. Default 0.01 (a prior standard deviation of 10).
    /// </summary>
    public double MeanPrecision { get; init; } = 0.01;

    /// <summary>m₀, one value per data dimension (for mixture means and PPCA/FA offsets alike); default the zero vector.</summary>
    public IReadOnlyList<double>? MeanMean { get; init; }

    /// <summary>Component precisions Λₖ ~ Wishart(a₀, s₀I) (full covariance): this is a₀, which must exceed (d − 1)/2. Default d.</summary>
    public double? WishartShape { get; init; }

    /// <summary>The scale s₀ of the Wishart prior's s₀I. Default 1/a₀, so E[Λ] = I.</summary>
    public double? WishartScale { get; init; }

    /// <summary>
    /// Gamma(shape, rate) for every precision that is a scalar: diagonal-covariance components, noise precisions
    /// of PPCA and factor analysis, and the ARD precisions of their loadings: this is the shape. Default 1.
    /// For ARD to switch off unneeded latent dimensions clearly, use a broad prior (Bishop 1999 uses shape = rate =
    /// 10⁻³): with shape = rate = 1, E[αᵢ] can never exceed 1 + d/2, whatever the data.
    /// </summary>
    public double GammaShape { get; init; } = 1;

    /// <summary>The rate of the scalar-precision Gamma priors. Default 1 (E[τ] = GammaShape / GammaRate = 1).</summary>
    public double GammaRate { get; init; } = 1;

    /// <summary>Per-pixel Bernoulli probabilities of a Bernoulli mixture ~ Beta(a, b). Default a = b = 1 (uniform).</summary>
    public double BetaA { get; init; } = 1;

    public double BetaB { get; init; } = 1;

    /// <summary>
    /// The shape of the Gamma prior on the ARD precisions of PPCA's and factor analysis' loadings, when it differs from
    /// the noise precisions' (a model stating <c>ParameterPrior.Ard</c> sets it). Unset: <see cref="GammaShape"/>.
    /// </summary>
    public double? ArdShape { get; init; }

    /// <summary>The rate of the ARD precisions' Gamma prior. Unset: <see cref="GammaRate"/>.</summary>
    public double? ArdRate { get; init; }

    /// <summary>One concentration per component, from a model's asymmetric Dirichlet; null for <see cref="WeightConcentration"/> on all.</summary>
    internal IReadOnlyList<double>? ComponentConcentrations { get; init; }

    /// <summary>The Dirichlet concentrations of <paramref name="components"/> mixing weights.</summary>
    internal double[] Concentrations(int components) =>
        ComponentConcentrations?.ToArray() ?? Enumerable.Repeat(WeightConcentration, components).ToArray();

    internal double ResolvedArdShape => ArdShape ?? GammaShape;

    internal double ResolvedArdRate => ArdRate ?? GammaRate;

    public double ResolvedWishartShape(int dimension) => WishartShape ?? dimension;

    public double ResolvedWishartScale(int dimension) => WishartScale ?? 1 / ResolvedWishartShape(dimension);

    /// <summary>Checks every prior is proper for data of the given dimension; the message names the prior and the bad value.</summary>
    public void Validate(int dimension)
    {
        static void Positive(string name, double value)
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new BackendNotSupportedException("vmp", $"prior {name} must be positive and finite, got {value}");
        }
        Positive("weight concentration", WeightConcentration);
        Positive("mean precision", MeanPrecision);
        Positive("Gamma shape", GammaShape);
        Positive("Gamma rate", GammaRate);
        Positive("Beta a", BetaA);
        Positive("Beta b", BetaB);
        Positive("ARD shape", ResolvedArdShape);
        Positive("ARD rate", ResolvedArdRate);
        Positive("Wishart scale", ResolvedWishartScale(dimension));
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
