using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// <see cref="VmpPriors"/> resolved against one data set: every unset, data-scaled prior stated in the data's mean x̄,
/// unbiased covariance S and column variances vⱼ, every given one as given (see <see cref="VmpPriors"/> for the rules).
/// The moments are a data set's in memory, or those a pass over a data source too large to hold took (<see cref="SourceStart"/>).
/// </summary>
internal sealed class ResolvedPriors
{
    readonly VmpPriors _priors;
    readonly DataMatrix? _data;
    readonly int _rows, _dimension;
    readonly double[]? _givenCovariance;
    double[]? _mean, _variances, _covariance;

    /// <remarks>The data's moments are computed when a data-scaled prior first needs them: given priors need none.</remarks>
    public ResolvedPriors(VmpPriors priors, DataMatrix data)
    {
        _priors = priors;
        _data = data;
        _rows = data.Rows;
        _dimension = data.Columns;
    }

    /// <summary>Priors resolved against the moments of a source's rows: its means, maximum-likelihood variances and covariance (null when no prior needs it).</summary>
    public ResolvedPriors(VmpPriors priors, int rows, double[] means, double[] variances, double[]? covariance)
    {
        _priors = priors;
        _rows = rows;
        _dimension = means.Length;
        _mean = means;
        _variances = variances.Select(v => v * Unbiased(rows)).ToArray();
        _givenCovariance = covariance;
    }

    /// <summary>x̄, over each column's observed cells where some are missing.</summary>
    double[] DataMean => _mean ??= _data!.HasMissing ? SampleMoments.ColumnMoments(_data).Means : SampleMoments.Mean(_data);

    double[] Variances => _variances ??= SampleMoments.ColumnScales(_data!).Select(v => v * Unbiased(_rows)).ToArray();

    int Dimension => _dimension;

    /// <summary>m₀: given, else x̄ for a data-scaled mean prior and 0 for a given precision.</summary>
    public double[] MeanMean => _priors.MeanMean?.ToArray() ?? (_priors.MeanPrecision is null ? (double[])DataMean.Clone() : new double[Dimension]);

    /// <summary>The d×d precision of a full-covariance mixture's mean prior: τ₀I given, else S⁻¹.</summary>
    public double[] MeanPrecisionMatrix
    {
        get
        {
            int d = Dimension;
            if (_priors.MeanPrecision is double tau) return ScaledIdentity(d, tau);
            return Cholesky.Factor(Covariance, d, DataCovariance).Inverse();
        }
    }

    /// <summary>The precision of each column's scalar mean (diagonal mixtures, PPCA/FA offsets): τ₀ given, else 1/vⱼ.</summary>
    public double[] ColumnMeanPrecisions => Variances.Select(v => _priors.MeanPrecision ?? 1 / v).ToArray();

    public double WishartShape => _priors.ResolvedWishartShape(Dimension);

    /// <summary>The Wishart rate B₀ (Infer.NET's scale S₀ = B₀⁻¹): I/s₀ given, else a₀·S/d, so E[Λ] = d·S⁻¹.</summary>
    public double[] WishartRate
    {
        get
        {
            int d = Dimension;
            if (_priors.WishartScale is double scale) return ScaledIdentity(d, 1 / scale);
            double factor = WishartShape / d;
            return Covariance.Select(v => factor * v).ToArray();
        }
    }

    /// <summary>Gamma(shape, rate) of a diagonal mixture's precision λₖⱼ per column: rate given, else shape·vⱼ/d, so E[λₖⱼ] = d/vⱼ.</summary>
    public (double Shape, double[] Rates) DiagonalPrecisions
    {
        get
        {
            double shape = _priors.GammaShape ?? Dimension / 2.0;
            return (shape, Variances.Select(v => _priors.GammaRate ?? shape * v / Dimension).ToArray());
        }
    }

    /// <summary>
    /// Gamma(shape, rate) of PPCA's one noise precision or factor analysis' per column, and of each mixture component's:
    /// shape given or <see cref="VmpPriors.DefaultNoiseShape"/>, rate given, else shape·u, so E[τ] = 1/u.
    /// </summary>
    public (double Shape, double[] Rates) NoisePrecisions(bool isotropic)
    {
        double shape = _priors.GammaShape ?? VmpPriors.DefaultNoiseShape;
        var units = isotropic ? [Variances.Average()] : Variances;
        return (shape, units.Select(u => _priors.GammaRate ?? shape * u).ToArray());
    }

    /// <summary>
    /// Gamma(shape, rate) of the ARD precisions and the unit of each loading row (wⱼ ~ N(0, uⱼ diag(α)⁻¹)): a given rate
    /// with no units (null), else rate = shape (E[α] = 1) with uⱼ = vⱼ (PPCA: their mean).
    /// </summary>
    public (double Shape, double Rate, double[]? RowUnits) Relevance(bool isotropic)
    {
        double shape = _priors.ResolvedArdShape ?? 1;
        if (_priors.ResolvedArdRate is double rate) return (shape, rate, null);
        var units = isotropic ? Enumerable.Repeat(Variances.Average(), Dimension).ToArray() : (double[])Variances.Clone();
        return (shape, shape, units);
    }

    /// <summary>S = Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ / (N − 1) with a ridge of 10⁻⁶ vⱼ, computed once, only for a full covariance.</summary>
    double[] Covariance
    {
        get
        {
            if (_covariance is not null) return _covariance;
            _ = Variances; // refuses a column whose variance overflows, by name, before the matrix fails less clearly
            // With missing cells, each at its column's observed mean: it adds nothing to the covariance.
            var s = _givenCovariance?.ToArray() ?? SampleMoments.Covariance(SampleMoments.MeanFilled(_data!), DataMean);
            double unbiased = Unbiased(_rows);
            for (int i = 0; i < s.Length; i++) s[i] *= unbiased;
            // Fewer rows than columns, or collinear columns, make S singular: a ridge of 1e-6 of each column's variance
            // keeps the priors proper, in the data's units (one row has no covariance: the column scales' fallback, 1).
            int d = Dimension;
            for (int j = 0; j < d; j++) s[j * d + j] += 1e-6 * Variances[j];
            if (_rows < 2) s = ScaledIdentity(d, 1);
            return _covariance = s;
        }
    }

    const string DataCovariance = "the data's covariance, which a full-covariance mixture's data-scaled priors are stated in";

    static double Unbiased(int rows) => rows > 1 ? rows / (rows - 1.0) : 1;

    public static double[] ScaledIdentity(int d, double value)
    {
        var m = new double[d * d];
        for (int i = 0; i < d; i++) m[i * d + i] = value;
        return m;
    }
}
