using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// The Wishart distribution on d×d symmetric positive-definite matrices Λ, with degrees of freedom ν &gt; d − 1 and
/// scale matrix V (symmetric positive definite):
/// <code>
///   p(Λ) = |Λ|^((ν − d − 1)/2) exp(−½ tr(V⁻¹ Λ)) / (2^(ν d/2) |V|^(ν/2) Γ_d(ν/2)),   E[Λ] = ν V.
/// </code>
/// It is the distribution of Σᵢ₌₁..ν xᵢ xᵢᵀ for xᵢ ~ N(0, V) (integer ν). This (ν, V) convention is Bishop's
/// (PRML §2.3.6), Wikipedia's, MathNet's <c>Wishart(degreesOfFreedom, scale)</c> and Distributions.jl's <c>Wishart(ν, S)</c>.
/// </summary>
/// <remarks>
/// Infer.NET's <c>Wishart</c> uses a different convention: a shape a and a rate matrix B (its "scale" is S = B⁻¹), with
/// <c>p(Λ) = |Λ|^(a − (d+1)/2) exp(−tr(Λ B)) |B|^a / Γ_d(a)</c> and mean a·S = a·B⁻¹. The two describe the same family with
/// a = ν/2 and B = V⁻¹/2, i.e. S = 2V; so Infer.NET's mean a·S equals ν V. Use <see cref="FromShapeAndScale"/> and
/// <see cref="FromShapeAndRate"/> to build one from Infer.NET's parameters; <see cref="Shape"/> and
/// <see cref="InferNetScale"/> give them back.
/// </remarks>
public sealed class Wishart : IDistribution<Matrix<double>>, IHasMean<Matrix<double>>
{
    // ---- parameters ---------------------------------------------------------------------------

    readonly double[] _scale; // V, row-major, symmetrised

    /// <param name="degreesOfFreedom">ν &gt; d − 1.</param>
    /// <param name="scale">V, d×d symmetric positive definite.</param>
    /// <exception cref="NotPositiveDefiniteException">V is not positive definite.</exception>
    public Wishart(double degreesOfFreedom, Matrix<double> scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        int d = scale.RowCount;
        if (d < 1) throw new ArgumentException($"Wishart: scale must be at least 1×1, got {scale.RowCount}×{scale.ColumnCount}", nameof(scale));
        _scale = Parameters.SymmetricMatrix(nameof(Wishart), nameof(scale), scale, d);
        Parameters.Finite(nameof(Wishart), nameof(degreesOfFreedom), degreesOfFreedom);
        if (!(degreesOfFreedom > d - 1))
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom,
                $"Wishart: degreesOfFreedom must be > dimension − 1 = {d - 1}, got {degreesOfFreedom}");
        DegreesOfFreedom = degreesOfFreedom;
        Factor = Cholesky.Factor(_scale, d, what: "Wishart scale");
        LogDeterminantScale = Factor.LogDeterminant();
        LogNormalizer = 0.5 * degreesOfFreedom * (d * Math.Log(2) + LogDeterminantScale)
                        + SpecialFunctions.MultivariateLogGamma(0.5 * degreesOfFreedom, d);
    }

    /// <summary>
    /// From Infer.NET's shape a &gt; (d − 1)/2 and scale S (its mean is a·S): ν = 2a, V = S/2.
    /// </summary>
    public static Wishart FromShapeAndScale(double shape, Matrix<double> scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Parameters.Positive(nameof(Wishart), nameof(shape), shape);
        return new Wishart(2 * shape, scale * 0.5);
    }

    /// <summary>From Infer.NET's shape a and rate B = S⁻¹ (density ∝ |Λ|^(a−(d+1)/2) e^(−tr(Λ B))): ν = 2a, V = B⁻¹/2.</summary>
    public static Wishart FromShapeAndRate(double shape, Matrix<double> rate)
    {
        ArgumentNullException.ThrowIfNull(rate);
        Parameters.Positive(nameof(Wishart), nameof(shape), shape);
        int d = rate.RowCount;
        var b = Parameters.SymmetricMatrix(nameof(Wishart), nameof(rate), rate, d);
        var inverse = Cholesky.Factor(b, d, what: "Wishart rate").Inverse();
        // The inverse of a symmetric matrix is symmetric, but solving for it column by column leaves the two triangles
        // apart by rounding, which for an ill-conditioned rate exceeds the constructor's tolerance: average them here.
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                inverse[i * d + j] = inverse[j * d + i] = 0.5 * (inverse[i * d + j] + inverse[j * d + i]);
        for (int i = 0; i < inverse.Length; i++) inverse[i] *= 0.5;
        return new Wishart(2 * shape, Parameters.ToMatrix(inverse, d));
    }

    public int Dimension => Factor.Dimension;

    /// <summary>ν.</summary>
    public double DegreesOfFreedom { get; }

    /// <summary>V (a copy).</summary>
    public Matrix<double> Scale => Parameters.ToMatrix(_scale, Dimension);

    /// <summary>The Cholesky factor of V.</summary>
    internal Cholesky Factor { get; }

    /// <summary>Infer.NET's shape a = ν/2.</summary>
    public double Shape => 0.5 * DegreesOfFreedom;

    /// <summary>Infer.NET's scale S = 2V (so that its mean a·S = ν V).</summary>
    public Matrix<double> InferNetScale => Scale * 2.0;

    /// <summary>log det V.</summary>
    public double LogDeterminantScale { get; }

    /// <summary>log of the normaliser: (ν/2)(d log 2 + log det V) + log Γ_d(ν/2).</summary>
    public double LogNormalizer { get; }

    /// <summary>
    /// The natural parameter of Infer.NET's shape a as variational messages add it: a − (d+1)/2 against log det Λ (the
    /// rate B, against −Λ, is its own).
    /// </summary>
    public static double NaturalShapeOf(double shape, int dimension) => shape - (dimension + 1) / 2.0;

    /// <summary>The shape a of the Wishart whose natural shape parameter (<see cref="NaturalShapeOf"/>) is a − (d+1)/2.</summary>
    public static double ShapeOfNatural(double naturalShape, int dimension) => naturalShape + (dimension + 1) / 2.0;

    internal ReadOnlySpan<double> ScaleSpan => _scale;

    // ---- statistics ---------------------------------------------------------------------------

    /// <summary>ν V.</summary>
    public Matrix<double> Mean => Scale * DegreesOfFreedom;

    /// <summary>Entry-wise variances: Var(Λᵢⱼ) = ν (Vᵢⱼ² + Vᵢᵢ Vⱼⱼ).</summary>
    public Matrix<double> Variance
    {
        get
        {
            int d = Dimension;
            return Matrix<double>.Build.Dense(d, d, (i, j) =>
                DegreesOfFreedom * (_scale[i * d + j] * _scale[i * d + j] + _scale[i * d + i] * _scale[j * d + j]));
        }
    }

    /// <summary>E[log det Λ] = ψ_d(ν/2) + d log 2 + log det V.</summary>
    public double MeanLogDeterminant =>
        SpecialFunctions.MultivariateDigamma(0.5 * DegreesOfFreedom, Dimension) + Dimension * Math.Log(2) + LogDeterminantScale;

    /// <summary>
    /// E[log det Λ] = ψ_d(a) − log det B in Infer.NET's shape a and rate B (V = B⁻¹/2, so this is
    /// <see cref="MeanLogDeterminant"/> with ν = 2a), for engines that hold the posterior by its shape and rate.
    /// </summary>
    public static double MeanLogDeterminantOfShapeAndRate(double shape, double logDeterminantRate, int dimension) =>
        SpecialFunctions.MultivariateDigamma(shape, dimension) - logDeterminantRate;

    /// <summary>−((ν − d − 1)/2) E[log det Λ] + ν d/2 + log normaliser (E[tr(V⁻¹Λ)] = ν d).</summary>
    public double Entropy() =>
        -0.5 * (DegreesOfFreedom - Dimension - 1) * MeanLogDeterminant + 0.5 * DegreesOfFreedom * Dimension + LogNormalizer;

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>
    /// ((ν − d − 1)/2) log det Λ − ½ tr(V⁻¹Λ) − log normaliser, with tr(V⁻¹Λ) = ‖L_V⁻¹ L_Λ‖²_F by triangular solves.
    /// −∞ if Λ is symmetric but not positive definite; a non-square, wrongly sized or non-symmetric Λ throws.
    /// </summary>
    public double LogDensity(Matrix<double> x)
    {
        int d = Dimension;
        var lambda = Parameters.SymmetricMatrix(nameof(Wishart), nameof(x), x, d);
        if (!Cholesky.TryFactor(lambda, d, out var factor, out _)) return double.NegativeInfinity;
        double trace = Factor.TraceOfInverseTimes(factor!);
        return 0.5 * (DegreesOfFreedom - d - 1) * factor!.LogDeterminant() - 0.5 * trace - LogNormalizer;
    }

    /// <summary>
    /// E_q[log Wishart(Λ | a, B)] = a log det B − log Γ_d(a) + (a − (d+1)/2) E[log det Λ] − tr(B E[Λ]) in Infer.NET's
    /// shape a and rate B (d×d, row-major, its log det held by the caller) under any q of Λ with those expectations (its
    /// sufficient statistics): a VMP prior factor's term.
    /// </summary>
    public static double ExpectedLogDensityOfShapeAndRate(double shape, ReadOnlySpan<double> rate, double logDeterminantRate,
        ReadOnlySpan<double> meanPrecision, double meanLogDeterminant)
    {
        int d = (int)Math.Round(Math.Sqrt(rate.Length));
        if (d * d != rate.Length || meanPrecision.Length != rate.Length)
            throw new ArgumentException(
                $"Wishart: an expected log density needs a square rate and a mean of its size, got {rate.Length} and {meanPrecision.Length} values");
        double trace = 0;
        for (int i = 0; i < d * d; i++) trace += rate[i] * meanPrecision[i]; // both symmetric: tr(B E[Λ]) = Σᵢⱼ Bᵢⱼ E[Λ]ᵢⱼ
        return shape * logDeterminantRate - SpecialFunctions.MultivariateLogGamma(shape, d) + NaturalShapeOf(shape, d) * meanLogDeterminant - trace;
    }

    // ---- sampling -----------------------------------------------------------------------------

    /// <summary>Bartlett decomposition: Λ = (L A)(L A)ᵀ with V = L Lᵀ and A the Bartlett factor of Wishart(ν, I).</summary>
    public Matrix<double> Sample(Random random)
    {
        int d = Dimension;
        var a = new double[d * d];
        random.NextBartlettFactor(DegreesOfFreedom, d, a);
        var l = Factor.Lower;
        var m = new double[d * d]; // M = L A, lower triangular
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = j; k <= i; k++) s += l[i * d + k] * a[k * d + j];
                m[i * d + j] = s;
            }
        return Matrix<double>.Build.Dense(d, d, (i, j) =>
        {
            double s = 0;
            for (int k = 0; k <= Math.Min(i, j); k++) s += m[i * d + k] * m[j * d + k];
            return s;
        });
    }

    public override string ToString() => $"Wishart(degrees of freedom {DegreesOfFreedom}, dimension {Dimension})";
}
