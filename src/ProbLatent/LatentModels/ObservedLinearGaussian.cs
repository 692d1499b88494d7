using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A linear-Gaussian model x | z ~ N(W z + μ, Ψ) over the observed coordinates of a data set with missing cells
/// (Ghahramani and Jordan 1994): for each pattern of missing cells, x_o | z ~ N(W_o z + μ_o, Ψ_o) is itself a
/// linear-Gaussian model over the observed rows of W, μ and Ψ, so its Woodbury form gives log p(x_o) under the marginal
/// N(μ_o, W_o W_oᵀ + Ψ_o), p(z | x_o) and the ELBO's terms, with M_o = I + W_oᵀ Ψ_o⁻¹ W_o factored once per pattern, not
/// per row. The missing coordinates given z are W_m z + μ_m + ε_m, independent of x_o: E[x_m | x_o] = W_m E[z | x_o] + μ_m.
/// </summary>
internal sealed class ObservedLinearGaussian
{
    readonly LinearGaussianModel _model;
    readonly MissingPatterns _missing;
    readonly LinearGaussianModel[] _observed; // per pattern: the model over the pattern's observed coordinates

    public ObservedLinearGaussian(LinearGaussianModel model, MissingPatterns missing)
    {
        _model = model;
        _missing = missing;
        _observed = missing.Patterns.Select(Restricted).ToArray();
    }

    /// <summary>The model over row <paramref name="row"/>'s observed coordinates.</summary>
    public LinearGaussianModel OfRow(int row) => _observed[_missing.PatternOf(row)];

    /// <summary>log p(x_o) of row <paramref name="row"/> (values <paramref name="x"/>, NaN where missing).</summary>
    public double LogLikelihood(int row, ReadOnlySpan<double> x)
    {
        int length = _model.Dimension + _model.LatentDimension;
        Span<double> scratch = length <= 256 ? stackalloc double[length] : new double[length];
        return OfRow(row).PointLogLikelihood(Gather(row, x, scratch), scratch[_model.Dimension..]);
    }

    /// <summary>E[z | x_o] of row <paramref name="row"/> into <paramref name="mean"/> (q values).</summary>
    public void PosteriorMean(int row, ReadOnlySpan<double> x, Span<double> mean)
    {
        Span<double> scratch = _model.Dimension <= 256 ? stackalloc double[_model.Dimension] : new double[_model.Dimension];
        OfRow(row).PosteriorMean(Gather(row, x, scratch), mean);
    }

    /// <summary>p(z | x_o) of every row: each pattern's rows share Cov[z | x_o] = M_o⁻¹.</summary>
    public GaussianPosterior Posterior(DataMatrix data)
    {
        int q = _model.LatentDimension;
        var means = new double[data.Rows * q];
        Numerics.RowBlocks.Sum(data.Rows, (start, end) =>
        {
            for (int n = start; n < end; n++) PosteriorMean(n, data.Row(n), means.AsSpan(n * q, q));
            return 0;
        });
        var covariances = _observed.SelectMany(o => o.PosteriorCovariance.ToArray()).ToArray();
        return new GaussianPosterior(means, covariances, Enumerable.Range(0, data.Rows).Select(_missing.PatternOf).ToArray(), q);
    }

    /// <summary>E_q[log p(x_o | z)] and E_q[log p(z)] of row <paramref name="row"/> under q(z) = N(m, S).</summary>
    public (double Likelihood, double Prior) PointElboTerms(int row, ReadOnlySpan<double> x, ReadOnlySpan<double> m, ReadOnlySpan<double> s)
    {
        Span<double> scratch = _model.Dimension <= 256 ? stackalloc double[_model.Dimension] : new double[_model.Dimension];
        return OfRow(row).PointElboTerms(Gather(row, x, scratch), m, s);
    }

    /// <summary>Row <paramref name="row"/> into <paramref name="filled"/> with each missing cell at W_j z + μ_j for the given <paramref name="z"/>.</summary>
    public void Filled(int row, ReadOnlySpan<double> x, ReadOnlySpan<double> z, Span<double> filled)
    {
        x.CopyTo(filled);
        FillMissing(_model, _missing.Patterns[_missing.PatternOf(row)].Missing, z, filled);
    }

    /// <summary>Each of the <paramref name="missing"/> coordinates of <paramref name="filled"/> at W_j z + μ_j under <paramref name="model"/>.</summary>
    internal static void FillMissing(LinearGaussianModel model, int[] missing, ReadOnlySpan<double> z, Span<double> filled)
    {
        int q = model.LatentDimension;
        var w = model.LoadingsFlat;
        foreach (int j in missing)
        {
            double value = model.Mean[j];
            for (int i = 0; i < q; i++) value += w[j * q + i] * z[i];
            filled[j] = value;
        }
    }

    /// <summary>Row <paramref name="row"/>'s observed values, in order, into the start of <paramref name="buffer"/>.</summary>
    ReadOnlySpan<double> Gather(int row, ReadOnlySpan<double> x, Span<double> buffer)
    {
        var observed = _missing.Patterns[_missing.PatternOf(row)].Observed;
        for (int i = 0; i < observed.Length; i++) buffer[i] = x[observed[i]];
        return buffer[..observed.Length];
    }

    LinearGaussianModel Restricted(MissingPatterns.Pattern pattern)
    {
        if (pattern.Missing.Length == 0) return _model;
        int q = _model.LatentDimension, o = pattern.Observed.Length;
        var w = _model.LoadingsFlat;
        var loadings = new double[o * q];
        var mean = new double[o];
        var noise = new double[o];
        for (int i = 0; i < o; i++)
        {
            int j = pattern.Observed[i];
            w.Slice(j * q, q).CopyTo(loadings.AsSpan(i * q, q));
            mean[i] = _model.Mean[j];
            noise[i] = _model.NoiseVariances[j];
        }
        return new LinearGaussianModel(loadings, mean, noise, q, _model.IsIsotropic);
    }
}
