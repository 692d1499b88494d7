using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A Gaussian mixture over the observed coordinates of a data set with missing cells (Ghahramani and Jordan 1994): for each
/// pattern of missing cells and each component, x_o ~ N(μ_o, Σ_oo), and the missing coordinates given the observed ones
/// x_m | x_o ~ N(μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o), Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om). μ_o, the Cholesky factor of each Σ_oo, the
/// regression Σ_mo Σ_oo⁻¹ and the conditional covariance are computed once per pattern and component, not per row. A diagonal
/// mixture's coordinates are independent given the component: x_o's density is the product over the observed ones, and
/// the missing ones keep their means and variances.
/// </summary>
internal sealed class ObservedGaussianMixture : IObservedLikelihoods
{
    readonly GaussianMixture _mixture;
    readonly MissingPatterns _missing;
    readonly Conditional[] _conditionals; // pattern-major: [pattern × K + component]

    public ObservedGaussianMixture(GaussianMixture mixture, MissingPatterns missing)
    {
        _mixture = mixture;
        _missing = missing;
        int k = mixture.Components;
        _conditionals = new Conditional[missing.Patterns.Count * k];
        for (int p = 0; p < missing.Patterns.Count; p++)
            for (int c = 0; c < k; c++)
                _conditionals[p * k + c] = mixture.CovarianceKind == Covariance.Full
                    ? Full(missing.Patterns[p], c)
                    : Diagonal(missing.Patterns[p], c);
    }

    /// <summary>
    /// The missing coordinates' covariance given the observed ones under component <paramref name="component"/>, for rows of
    /// pattern <paramref name="pattern"/>: |m|×|m| row-major over the pattern's missing columns (full), or their |m| variances (diagonal).
    /// </summary>
    public ReadOnlySpan<double> ConditionalCovariance(int pattern, int component) =>
        _conditionals[pattern * _mixture.Components + component].Covariance;

    public void StateLogLikelihoods(int row, ReadOnlySpan<double> x, Span<double> result)
    {
        int p = _missing.PatternOf(row);
        var observed = _missing.Patterns[p].Observed;
        int o = observed.Length;
        Span<double> scratch = o <= 64 ? stackalloc double[2 * o] : new double[2 * o];
        var xo = scratch[..o];
        var work = scratch.Slice(o, o);
        for (int i = 0; i < o; i++) xo[i] = x[observed[i]];
        for (int c = 0; c < _mixture.Components; c++)
        {
            var conditional = _conditionals[p * _mixture.Components + c];
            double quad = 0;
            if (conditional.Factor is { } factor) quad = factor.Mahalanobis(xo, conditional.ObservedMean, work);
            else
            {
                var mean = conditional.ObservedMean;
                var variances = conditional.ObservedVariances;
                for (int i = 0; i < o; i++)
                {
                    double r = xo[i] - mean[i];
                    quad += r * r / variances[i];
                }
            }
            result[c] = conditional.LogNormalizer - 0.5 * quad;
        }
    }

    /// <summary>
    /// Writes row <paramref name="row"/> (values <paramref name="x"/>, NaN where missing) with each missing cell set to
    /// E[x_m | x_o, c = <paramref name="state"/>] into <paramref name="filled"/> (length d).
    /// </summary>
    public void ConditionalMean(int row, int state, ReadOnlySpan<double> x, Span<double> filled)
    {
        int p = _missing.PatternOf(row), d = _mixture.Dimension;
        var pattern = _missing.Patterns[p];
        x.CopyTo(filled);
        var means = _mixture.MeansFlat.Slice(state * d, d);
        var regression = _conditionals[p * _mixture.Components + state].Regression;
        int o = pattern.Observed.Length;
        for (int a = 0; a < pattern.Missing.Length; a++)
        {
            double value = means[pattern.Missing[a]];
            if (regression.Length > 0)
                for (int i = 0; i < o; i++) value += regression[a * o + i] * (x[pattern.Observed[i]] - means[pattern.Observed[i]]);
            filled[pattern.Missing[a]] = value;
        }
    }

    Conditional Full(MissingPatterns.Pattern pattern, int c)
    {
        int d = _mixture.Dimension;
        var sigma = _mixture.CovariancesFlat.Slice(c * d * d, d * d);
        var observed = pattern.Observed;
        var missing = pattern.Missing;
        int o = observed.Length, m = missing.Length;
        var block = new double[o * o];
        for (int i = 0; i < o; i++)
            for (int j = 0; j < o; j++) block[i * o + j] = sigma[observed[i] * d + observed[j]];
        var factor = Cholesky.Factor(block, o, $"the covariance of component {c} over the observed columns {string.Join(", ", observed)}");
        // Row a of the regression is (Σ_oo⁻¹ Σ_o,a)ᵀ, solved through the factor; the conditional covariance is Σ_ab − Σ_a,o Σ_oo⁻¹ Σ_o,b.
        var regression = new double[m * o];
        var covariance = new double[m * m];
        for (int a = 0; a < m; a++)
        {
            var y = regression.AsSpan(a * o, o);
            for (int i = 0; i < o; i++) y[i] = sigma[observed[i] * d + missing[a]];
            factor.SolveInPlace(y);
        }
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
            {
                double value = sigma[missing[a] * d + missing[b]];
                for (int i = 0; i < o; i++) value -= regression[a * o + i] * sigma[observed[i] * d + missing[b]];
                covariance[a * m + b] = value;
            }
        return new Conditional(-0.5 * (o * SpecialFunctions.Log2Pi + factor.LogDeterminant()), ObservedMean(pattern, c), [], factor, regression, covariance);
    }

    Conditional Diagonal(MissingPatterns.Pattern pattern, int c)
    {
        int d = _mixture.Dimension;
        var variances = _mixture.CovariancesFlat.Slice(c * d, d);
        double logDeterminant = 0;
        foreach (int j in pattern.Observed) logDeterminant += Math.Log(variances[j]);
        var covariance = new double[pattern.Missing.Length];
        for (int a = 0; a < covariance.Length; a++) covariance[a] = variances[pattern.Missing[a]];
        var observedVariances = new double[pattern.Observed.Length];
        for (int i = 0; i < observedVariances.Length; i++) observedVariances[i] = variances[pattern.Observed[i]];
        return new Conditional(-0.5 * (pattern.Observed.Length * SpecialFunctions.Log2Pi + logDeterminant), ObservedMean(pattern, c), observedVariances,
            null, [], covariance);
    }

    /// <summary>μₖ over the pattern's observed columns.</summary>
    double[] ObservedMean(MissingPatterns.Pattern pattern, int c)
    {
        var means = _mixture.MeansFlat.Slice(c * _mixture.Dimension, _mixture.Dimension);
        var result = new double[pattern.Observed.Length];
        for (int i = 0; i < result.Length; i++) result[i] = means[pattern.Observed[i]];
        return result;
    }

    /// <summary>
    /// One pattern and component: log of x_o's normalizer, μ_o, the observed variances (diagonal only), Σ_oo's factor (full
    /// only), the regression and the conditional covariance.
    /// </summary>
    sealed record Conditional(double LogNormalizer, double[] ObservedMean, double[] ObservedVariances, Cholesky? Factor, double[] Regression,
        double[] Covariance);
}
