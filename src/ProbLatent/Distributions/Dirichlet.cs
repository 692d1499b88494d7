using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// The Dirichlet distribution on the probability simplex in K ≥ 1 dimensions:
/// p(x) = Πₖ xₖ^(αₖ − 1) / B(α), B(α) = Πₖ Γ(αₖ) / Γ(α₀), α₀ = Σₖ αₖ.
/// With K = 1 the simplex is the single point x = (1): the distribution is that point mass, with E[log x₁] = 0,
/// entropy 0 and KL 0 to any other one-dimensional Dirichlet, which the general formulas give as they stand
/// (a one-component mixture's weight posterior is this).
/// </summary>
public sealed class Dirichlet : IMultivariateDistribution
{
    // ---- parameters ---------------------------------------------------------------------------

    /// <summary>How far from 1 a point's coordinates may sum and still count as on the simplex.</summary>
    const double SimplexTolerance = 1e-9;

    readonly double[] _concentration;

    /// <param name="concentration">αₖ &gt; 0, K ≥ 1 of them.</param>
    public Dirichlet(double[] concentration)
    {
        _concentration = Parameters.PositiveVector(nameof(Dirichlet), nameof(concentration), concentration, minLength: 1);
        foreach (var a in _concentration) TotalConcentration += a;
        LogNormalizer = SpecialFunctions.LogMultivariateBeta(_concentration);
    }

    /// <summary>The symmetric Dirichlet with every αₖ = <paramref name="concentration"/>.</summary>
    public static Dirichlet Symmetric(int dimension, double concentration)
    {
        if (dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"Dirichlet: dimension must be ≥ 1, got {dimension}");
        var alpha = new double[dimension];
        Array.Fill(alpha, concentration);
        return new Dirichlet(alpha);
    }

    public int Dimension => _concentration.Length;

    /// <summary>α (a copy).</summary>
    public double[] Concentration => (double[])_concentration.Clone();

    internal ReadOnlySpan<double> ConcentrationSpan => _concentration;

    /// <summary>α₀ = Σₖ αₖ.</summary>
    public double TotalConcentration { get; }

    /// <summary>log B(α).</summary>
    public double LogNormalizer { get; }

    /// <summary>The natural parameter of concentration αₖ as variational messages add it: αₖ − 1 against log xₖ.</summary>
    public static double NaturalOf(double concentration) => concentration - 1;

    /// <summary>
    /// The concentrations αₖ = ηₖ + 1 whose natural parameters (<see cref="NaturalOf"/>) are <paramref name="natural"/>,
    /// into <paramref name="concentration"/>; returns α₀ = Σₖ αₖ.
    /// </summary>
    public static double OfNatural(ReadOnlySpan<double> natural, Span<double> concentration)
    {
        if (concentration.Length != natural.Length)
            throw new ArgumentException($"Dirichlet: {natural.Length} natural parameters need as many concentrations, not {concentration.Length}", nameof(concentration));
        double total = 0;
        for (int k = 0; k < natural.Length; k++) total += concentration[k] = natural[k] + 1;
        return total;
    }

    // ---- statistics ---------------------------------------------------------------------------

    /// <summary>αₖ / α₀.</summary>
    public double[] Mean
    {
        get
        {
            var m = new double[Dimension];
            for (int k = 0; k < m.Length; k++) m[k] = _concentration[k] / TotalConcentration;
            return m;
        }
    }

    /// <summary>Cov(xᵢ, xⱼ) = (α₀ δᵢⱼ αᵢ − αᵢ αⱼ) / (α₀² (α₀ + 1)); singular, since the coordinates sum to 1.</summary>
    public Matrix<double> Covariance
    {
        get
        {
            double a0 = TotalConcentration, denominator = a0 * a0 * (a0 + 1);
            return Matrix<double>.Build.Dense(Dimension, Dimension, (i, j) =>
                ((i == j ? a0 * _concentration[i] : 0) - _concentration[i] * _concentration[j]) / denominator);
        }
    }

    /// <summary>E[log xₖ] = ψ(αₖ) − ψ(α₀).</summary>
    public double[] MeanLog
    {
        get
        {
            var m = new double[Dimension];
            MeanLogOf(_concentration, TotalConcentration, m);
            return m;
        }
    }

    /// <summary>
    /// E[log xₖ] = ψ(αₖ) − ψ(α₀) of Dir(α) into <paramref name="meanLog"/>, given α₀ = Σₖ αₖ, for engines that hold α in
    /// an array of their own.
    /// </summary>
    public static void MeanLogOf(ReadOnlySpan<double> concentration, double totalConcentration, Span<double> meanLog)
    {
        if (meanLog.Length != concentration.Length)
            throw new ArgumentException($"Dirichlet: {concentration.Length} concentrations need as many mean logs, not {meanLog.Length}", nameof(meanLog));
        double psi0 = SpecialFunctions.Digamma(totalConcentration);
        for (int k = 0; k < concentration.Length; k++) meanLog[k] = SpecialFunctions.Digamma(concentration[k]) - psi0;
    }

    /// <summary>log B(α) + (α₀ − K) ψ(α₀) − Σₖ (αₖ − 1) ψ(αₖ).</summary>
    public double Entropy()
    {
        double h = LogNormalizer + (TotalConcentration - Dimension) * SpecialFunctions.Digamma(TotalConcentration);
        foreach (var a in _concentration) h -= (a - 1) * SpecialFunctions.Digamma(a);
        return h;
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /// <summary>Σₖ (αₖ − 1) log xₖ − log B(α) on the simplex; −∞ off it (a negative coordinate, or a sum other than 1).</summary>
    public double LogDensity(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Parameters.CheckLength(nameof(Dirichlet), nameof(x), x.Length, Dimension);
        double sum = 0, result = -LogNormalizer;
        for (int k = 0; k < x.Length; k++)
        {
            Parameters.NotNaN(nameof(Dirichlet), x[k]);
            if (x[k] < 0) return double.NegativeInfinity;
            sum += x[k];
            double a = _concentration[k];
            if (a != 1) result += (a - 1) * Math.Log(x[k]);
        }
        return Math.Abs(sum - 1) <= SimplexTolerance ? result : double.NegativeInfinity;
    }

    /// <summary>
    /// E_q[log Dir(x | α)] = log Γ(α₀) + Σₖ [(αₖ − 1) E[log xₖ] − log Γ(αₖ)] under any q of x with those expectations:
    /// a VMP prior factor's term.
    /// </summary>
    public static double ExpectedLogDensity(ReadOnlySpan<double> concentration, ReadOnlySpan<double> meanLog)
    {
        if (meanLog.Length != concentration.Length)
            throw new ArgumentException($"Dirichlet: {concentration.Length} concentrations need as many mean logs, not {meanLog.Length}", nameof(meanLog));
        double total = 0;
        foreach (var a in concentration) total += a;
        double value = SpecialFunctions.LogGamma(total);
        for (int k = 0; k < concentration.Length; k++)
            value += (concentration[k] - 1) * meanLog[k] - SpecialFunctions.LogGamma(concentration[k]);
        return value;
    }

    // ---- sampling -----------------------------------------------------------------------------

    /// <summary>Normalised Gamma(αₖ, 1) draws (normalised in log space, so small αₖ do not underflow to 0/0).</summary>
    public double[] Sample(Random random)
    {
        var x = new double[Dimension];
        random.NextDirichlet(_concentration, x);
        return x;
    }

    public override string ToString() => $"Dirichlet([{string.Join(", ", _concentration)}])";
}
