using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// p(x) = Σₖ πₖ Πⱼ μₖⱼ^xⱼ (1 − μₖⱼ)^(1−xⱼ): a mixture of independent Bernoullis over binary vectors.
/// log p(x | k) = x · logit(μₖ) + Σⱼ log(1 − μₖⱼ): one dot product per component for a point, and for a block of points
/// one product of their ones with the log-odds (<see cref="BernoulliRows"/>).
/// </summary>
public sealed class BernoulliMixture : DiscreteLatentModel, IImputingModel
{
    readonly double[] _weights;
    readonly double[] _logWeights;
    readonly double[] _probabilities; // K×d
    readonly double[] _logits;        // K×d
    readonly double[] _offsets;       // K: Σⱼ log(1 − μₖⱼ)
    readonly double[] _logitsByColumn; // d×K, the log-odds as the block product reads them

    /// <param name="weights">K mixing weights summing to 1.</param>
    /// <param name="probabilities">K×d row-major, each strictly inside (0, 1).</param>
    public BernoulliMixture(double[] weights, double[] probabilities, int dimension)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(probabilities);
        int k = weights.Length, d = dimension;
        if (k < 1) throw new ArgumentException("a mixture needs at least one component", nameof(weights));
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the dimension must be at least 1");
        GaussianMixture.CheckWeights(weights);
        if (probabilities.Length != k * d)
            throw new ArgumentException($"expected {k}×{d} probabilities, got {probabilities.Length}", nameof(probabilities));
        _logits = new double[k * d];
        _offsets = new double[k];
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = probabilities[i];
            if (!(p > 0 && p < 1))
                throw new ArgumentException($"probability {p} of component {i / d}, dimension {i % d} must lie strictly between 0 and 1", nameof(probabilities));
            _logits[i] = SpecialFunctions.Logit(p);
            _offsets[i / d] += Math.Log(1 - p);
        }
        _logitsByColumn = new double[k * d];
        BernoulliRows.Transpose(_logits, k, d, _logitsByColumn);
        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _probabilities = probabilities;
        Components = k;
        Dimension = d;
    }

    public int Components { get; }
    public int Dimension { get; }
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>μₖ, the probability that each dimension is 1 in component k.</summary>
    public double[] Probabilities(int component) => _probabilities.AsSpan(component * Dimension, Dimension).ToArray();

    internal ReadOnlySpan<double> ProbabilitiesFlat => _probabilities;

    protected override bool BinaryData => true;

    public override ModelFamily Family => ModelFamily.BernoulliMixture;
    public override int DataDimension => Dimension;
    public override int StateCount => Components;
    public override ReadOnlySpan<double> StateLogPriors => _logWeights;
    public override int ParameterCount => Components - 1 + Components * Dimension;

    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        int d = Dimension;
        for (int c = 0; c < Components; c++)
            result[c] = TensorPrimitives.Dot(x, _logits.AsSpan(c * d, d)) + _offsets[c];
    }

    /// <summary>The observed pixels' likelihood: a missing pixel drops out (see <see cref="ObservedBernoulliMixture"/>).</summary>
    internal override IObservedLikelihoods ObservedLikelihoods(MissingPatterns missing) =>
        new ObservedBernoulliMixture(_probabilities, _logits, Components, Dimension, missing);

    /// <summary>Each missing pixel as its probability of being 1 given the observed ones, Σₖ p(k | x_o) μₖⱼ.</summary>
    public DataMatrix Impute(DataMatrix data) => Imputed(data);

    /// <summary>Draws x from component <paramref name="c"/> into <paramref name="row"/>.</summary>
    internal void DrawFrom(int c, Random random, Span<double> row)
    {
        int d = Dimension;
        for (int j = 0; j < d; j++) row[j] = random.NextDouble() < _probabilities[c * d + j] ? 1 : 0;
    }

    protected internal override bool StateLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result)
    {
        int d = Dimension, rows = end - start;
        var ones = BernoulliRows.Index(data.Values.Slice(start * d, rows * d), rows, d, start);
        BernoulliRows.LogLikelihoods(ones, _logitsByColumn, _offsets, result[..(rows * Components)]);
        return true;
    }

    public override GeneratedData Generate(int count, Random random) => FromComponents(count, random, _weights, DrawFrom);
}
