using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// p(x) = Σₖ πₖ N(x | μₖ, Σₖ): a Gaussian mixture with full or diagonal covariances. Densities go through
/// each component's Cholesky factor, computed once here.
/// </summary>
public sealed class GaussianMixture : DiscreteLatentModel, IImputingModel
{
    readonly double[] _weights;
    readonly double[] _logWeights;
    readonly double[] _means;        // K×d
    readonly double[] _covariances;  // K×d×d (full) or K×d (diagonal variances)
    readonly Cholesky[] _factors;    // full only
    readonly double[] _logNormalizers;
    readonly WhitenedGaussians _whitened;    // the components as the block E step reads them: L⁻¹ about μₖ, or 1/σ²

    /// <param name="weights">K mixing weights, positive or zero, summing to 1.</param>
    /// <param name="means">K×d row-major.</param>
    /// <param name="covariances">K×d×d row-major for <see cref="Modeling.Covariance.Full"/>; K×d variances for Diagonal.</param>
    public GaussianMixture(double[] weights, double[] means, double[] covariances, int dimension, Covariance covariance)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        if (covariance is not (Modeling.Covariance.Full or Modeling.Covariance.Diagonal))
            throw new ArgumentException($"a Gaussian mixture has Full or Diagonal covariances, not {covariance}", nameof(covariance));
        int k = weights.Length, d = dimension;
        if (k < 1) throw new ArgumentException("a mixture needs at least one component", nameof(weights));
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the dimension must be at least 1");
        CheckWeights(weights);
        if (means.Length != k * d) throw new ArgumentException($"expected {k}×{d} means, got {means.Length}", nameof(means));
        foreach (var m in means) if (!double.IsFinite(m)) throw new ArgumentException("a component mean is not finite", nameof(means));
        int perComponent = covariance == Modeling.Covariance.Full ? d * d : d;
        if (covariances.Length != k * perComponent)
            throw new ArgumentException($"expected {k}×{perComponent} covariance values, got {covariances.Length}", nameof(covariances));

        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _means = means;
        _covariances = covariances;
        Components = k;
        Dimension = d;
        CovarianceKind = covariance;
        _logNormalizers = new double[k];
        _factors = new Cholesky[covariance == Modeling.Covariance.Full ? k : 0];
        for (int c = 0; c < k; c++)
        {
            double logDet;
            if (covariance == Modeling.Covariance.Full)
            {
                _factors[c] = Cholesky.Factor(covariances.AsSpan(c * d * d, d * d), d, $"covariance of component {c}");
                logDet = _factors[c].LogDeterminant();
            }
            else
            {
                logDet = 0;
                for (int j = 0; j < d; j++)
                {
                    double v = covariances[c * d + j];
                    if (!(v > 0) || double.IsInfinity(v))
                        throw new ArgumentException($"variance {j} of component {c} is {v}; variances must be positive and finite", nameof(covariances));
                    logDet += Math.Log(v);
                }
            }
            _logNormalizers[c] = -0.5 * (d * SpecialFunctions.Log2Pi + logDet);
        }
        _whitened = Whitened();
    }

    /// <summary>log Nₖ(x) = −½(d log 2π + log|Σₖ|) − ½‖Lₖ⁻¹(x − μₖ)‖² (Σₖ = LₖLₖᵀ), or with 1/σ²ₖⱼ for diagonal Σₖ.</summary>
    WhitenedGaussians Whitened()
    {
        int k = Components, d = Dimension;
        bool full = CovarianceKind == Modeling.Covariance.Full;
        var whitened = new WhitenedGaussians(k, d, full);
        _means.CopyTo(whitened.Centres, 0);
        _logNormalizers.CopyTo(whitened.Constants, 0);
        if (full)
            for (int c = 0; c < k; c++) _factors[c].InverseLower().CopyTo(whitened.Transforms, c * d * d);
        else
            for (int i = 0; i < k * d; i++) whitened.Transforms[i] = 1 / _covariances[i];
        return whitened;
    }

    public int Components { get; }
    public int Dimension { get; }
    public Covariance CovarianceKind { get; }

    public IReadOnlyList<double> Weights => _weights;
    public double[] Mean(int component) => _means.AsSpan(component * Dimension, Dimension).ToArray();

    /// <summary>Σₖ as a d×d matrix (diagonal for a diagonal mixture).</summary>
    public Matrix<double> Covariance(int component)
    {
        int d = Dimension;
        return CovarianceKind == Modeling.Covariance.Full
            ? Matrix<double>.Build.Dense(d, d, (i, j) => _covariances[component * d * d + i * d + j])
            : Matrix<double>.Build.DenseOfDiagonalArray(_covariances.AsSpan(component * d, d).ToArray());
    }

    internal ReadOnlySpan<double> MeansFlat => _means;
    internal ReadOnlySpan<double> CovariancesFlat => _covariances;
    internal Cholesky CovarianceFactor(int component) => _factors[component];

    public override ModelFamily Family => ModelFamily.GaussianMixture;
    public override int DataDimension => Dimension;
    public override int StateCount => Components;
    public override ReadOnlySpan<double> StateLogPriors => _logWeights;

    public override int ParameterCount =>
        Components - 1 + Components * Dimension + Components * (CovarianceKind == Modeling.Covariance.Full ? Dimension * (Dimension + 1) / 2 : Dimension);

    /// <summary>One point's log Nₖ(x), by the block E step's operations, so that it is the value a block gives the point.</summary>
    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        result[..Components].Clear();
        _whitened.AddLogDensities(x, 1, 0, 1, result, Components, 1);
    }

    /// <summary>A block's log Nₖ(x) through the block E step's kernel: each point's values are <see cref="StateLogLikelihoods"/>' for it.</summary>
    protected internal override bool StateLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result)
    {
        GaussianEStep.LogDensities(_whitened, data.Values, start, end, result[..((end - start) * Components)]);
        return true;
    }

    /// <summary>x_o ~ N(μ_o, Σ_oo) per pattern of missing cells and component (see <see cref="ObservedGaussianMixture"/>).</summary>
    internal override IObservedLikelihoods ObservedLikelihoods(MissingPatterns missing) => new ObservedGaussianMixture(this, missing);

    /// <summary>Each missing cell as Σₖ p(k | x_o) (μₖ,m + Σₖ,mo Σₖ,oo⁻¹ (x_o − μₖ,o)).</summary>
    public DataMatrix Impute(DataMatrix data) => Imputed(data);

    internal override double CompletePosteriorRows(DataMatrix data, int start, int end, Span<double> probabilities) =>
        GaussianEStep.Run(_whitened, StateLogPriors, data.Values, start, end, probabilities, [], default);

    internal override void PointLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result) =>
        GaussianEStep.Run(_whitened, StateLogPriors, data.Values, start, end, [], result, default);

    /// <summary>
    /// The E step of rows [<paramref name="start"/>, <paramref name="end"/>) that keeps nothing per point: Σₙ log p(xₙ), with
    /// the block's statistics added into <paramref name="moments"/> (EM's one pass per iteration).
    /// </summary>
    internal double AddStatistics(DataMatrix data, int start, int end, GaussianEStep.Moments moments) =>
        GaussianEStep.Run(_whitened, StateLogPriors, data.Values, start, end, [], [], moments);

    public override GeneratedData Generate(int count, Random random)
    {
        var epsilon = new double[Dimension];
        return FromComponents(count, random, _weights, (c, r, row) => DrawFrom(c, r, epsilon, row));
    }

    /// <summary>Draws x from component <paramref name="c"/> into <paramref name="row"/>, with <paramref name="epsilon"/> (d) as working space.</summary>
    internal void DrawFrom(int c, Random random, Span<double> epsilon, Span<double> row)
    {
        int d = Dimension;
        random.FillGaussian(epsilon);
        if (CovarianceKind == Modeling.Covariance.Full) _factors[c].MultiplyLower(epsilon, row);
        else for (int j = 0; j < d; j++) row[j] = Math.Sqrt(_covariances[c * d + j]) * epsilon[j];
        for (int j = 0; j < d; j++) row[j] += _means[c * d + j];
    }

    internal static void CheckWeights(double[] weights)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"mixing weight {w} is not a probability", nameof(weights));
            sum += w;
        }
        if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"mixing weights sum to {sum}, not 1", nameof(weights));
    }
}
