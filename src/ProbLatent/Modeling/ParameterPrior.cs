namespace ProbLatent.Modeling;

/// <summary>
/// A prior on a parameter of the model, stated in the description: <c>.Prior("weights", ParameterPrior.Dirichlet(1))</c>.
/// The parameterisations are Infer.NET's, as VMP's options are: a Gaussian by its mean and precision, a Wishart by
/// shape a and scale s (E[Λ] = a·s·I), a Gamma by shape and rate (E[τ] = shape/rate).
/// </summary>
public abstract record ParameterPrior
{
    /// <summary>A probability vector π ~ Dirichlet(α): one concentration for every component, or one per component.</summary>
    public static DirichletParameterPrior Dirichlet(params double[] concentrations) => new(concentrations);

    /// <summary>Each probability ~ Beta(a, b).</summary>
    public static BetaParameterPrior Beta(double a, double b) => new(a, b);

    /// <summary>Each value ~ N(mean, 1/precision), the same mean for every dimension.</summary>
    public static GaussianParameterPrior Gaussian(double precision, double mean = 0) => new([mean], precision);

    /// <summary>Each vector ~ N(m, (precision·I)⁻¹), with one mean value per dimension of the vector.</summary>
    public static GaussianParameterPrior Gaussian(IReadOnlyList<double> mean, double precision) => new(mean, precision);

    /// <summary>A precision matrix Λ ~ Wishart(shape, scale·I); unset, shape is the dimension d and scale 1/shape, so E[Λ] = I.</summary>
    public static WishartParameterPrior Wishart(double? shape = null, double? scale = null) => new(shape, scale);

    /// <summary>Each scalar precision τ ~ Gamma(shape, rate).</summary>
    public static GammaParameterPrior Gamma(double shape, double rate) => new(shape, rate);

    /// <summary>
    /// Automatic relevance determination on loadings: the column wᵢ of each latent dimension ~ N(0, αᵢ⁻¹I) with
    /// αᵢ ~ Gamma(shape, rate), so unneeded latent dimensions are switched off (Bishop 1999).
    /// </summary>
    public static ArdParameterPrior Ard(double shape = 1e-3, double rate = 1e-3) => new(Gamma(shape, rate));

    internal static double Positive(string prior, string name, double value) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ModelDefinitionException($"ParameterPrior.{prior}: {name} must be positive and finite, got {value}");
}

public sealed record DirichletParameterPrior : ParameterPrior
{
    internal DirichletParameterPrior(IReadOnlyList<double> concentrations)
    {
        ArgumentNullException.ThrowIfNull(concentrations);
        if (concentrations.Count == 0) throw new ModelDefinitionException("ParameterPrior.Dirichlet: give one concentration, or one per component");
        Concentrations = concentrations.Select(a => Positive("Dirichlet", "every concentration", a)).ToArray();
    }

    /// <summary>One value (the same for every component) or one per component.</summary>
    public IReadOnlyList<double> Concentrations { get; }

    /// <summary>The concentration of component <paramref name="k"/>.</summary>
    public double Concentration(int k) => Concentrations.Count == 1 ? Concentrations[0] : Concentrations[k];

    public bool Equals(DirichletParameterPrior? other) => other is not null && Concentrations.SequenceEqual(other.Concentrations);

    public override int GetHashCode() => HashCode.Combine(Concentrations.Count, Concentrations[0]);

    public override string ToString() => $"Dirichlet({string.Join(", ", Concentrations)})";
}

public sealed record BetaParameterPrior : ParameterPrior
{
    internal BetaParameterPrior(double a, double b) => (A, B) = (Positive("Beta", "a", a), Positive("Beta", "b", b));

    public double A { get; }
    public double B { get; }

    public override string ToString() => $"Beta({A}, {B})";
}

public sealed record GaussianParameterPrior : ParameterPrior
{
    internal GaussianParameterPrior(IReadOnlyList<double> mean, double precision)
    {
        ArgumentNullException.ThrowIfNull(mean);
        if (mean.Count == 0) throw new ModelDefinitionException("ParameterPrior.Gaussian: the mean needs at least one value");
        if (mean.Any(v => !double.IsFinite(v))) throw new ModelDefinitionException("ParameterPrior.Gaussian: every mean value must be finite");
        Mean = mean.ToArray();
        Precision = Positive("Gaussian", "the precision", precision);
    }

    /// <summary>One value (the same for every dimension) or one per dimension of the vector.</summary>
    public IReadOnlyList<double> Mean { get; }
    public double Precision { get; }

    /// <summary>The mean over a vector of <paramref name="size"/> values: the one value repeated, or the values given.</summary>
    public double[] MeanOver(int size) => Mean.Count == 1 ? Enumerable.Repeat(Mean[0], size).ToArray() : Mean.ToArray();

    public bool Equals(GaussianParameterPrior? other) => other is not null && Precision == other.Precision && Mean.SequenceEqual(other.Mean);

    public override int GetHashCode() => HashCode.Combine(Precision, Mean.Count, Mean[0]);

    public override string ToString() => $"Gaussian(mean [{string.Join(", ", Mean)}], precision {Precision})";
}

public sealed record WishartParameterPrior : ParameterPrior
{
    internal WishartParameterPrior(double? shape, double? scale)
    {
        Shape = shape is { } a ? Positive("Wishart", "the shape", a) : null;
        Scale = scale is { } s ? Positive("Wishart", "the scale", s) : null;
    }

    /// <summary>The shape a, which must exceed (d − 1)/2; null for the default d.</summary>
    public double? Shape { get; }

    /// <summary>The scale s of s·I; null for the default 1/a.</summary>
    public double? Scale { get; }

    /// <summary>The shape and scale over d × d precisions, the unset ones their defaults (shape d, scale 1/shape).</summary>
    public (double Shape, double Scale) ShapeAndScaleOver(int d)
    {
        double shape = Shape ?? d;
        return (shape, Scale ?? 1 / shape);
    }

    public override string ToString() => $"Wishart(shape {Shape?.ToString() ?? "d"}, scale {Scale?.ToString() ?? "1/shape"})";
}

public sealed record GammaParameterPrior : ParameterPrior
{
    internal GammaParameterPrior(double shape, double rate) => (Shape, Rate) = (Positive("Gamma", "the shape", shape), Positive("Gamma", "the rate", rate));

    public double Shape { get; }
    public double Rate { get; }

    public override string ToString() => $"Gamma({Shape}, {Rate})";
}

public sealed record ArdParameterPrior : ParameterPrior
{
    internal ArdParameterPrior(GammaParameterPrior precision) => Precision = precision;

    /// <summary>The Gamma prior on each latent dimension's precision αᵢ.</summary>
    public GammaParameterPrior Precision { get; }

    public override string ToString() => $"Ard({Precision})";
}
