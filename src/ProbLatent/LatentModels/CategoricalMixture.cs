using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// p(x) = Σₖ πₖ Πⱼ φₖⱼ[xⱼ]: a mixture of categoricals over d columns of discrete symbols 0..S − 1, the columns independent
/// given the component (latent class analysis for d > 1; with one column, the emissions of a discrete hidden Markov model).
/// φₖⱼ is component k's probability vector over the S symbols of column j, so log p(x | k) = Σⱼ log φₖⱼ[xⱼ]: one look-up per
/// column.
/// </summary>
public sealed class CategoricalMixture : DiscreteLatentModel
{
    readonly double[] _weights;
    readonly double[] _logWeights;
    readonly double[] _probabilities;    // K×d×S: component, column, symbol
    readonly double[] _logProbabilities; // K×d×S

    /// <param name="weights">K mixing weights summing to 1.</param>
    /// <param name="probabilities">K×d×S row-major (component, column, symbol): each component's and column's S probabilities, strictly positive and summing to 1.</param>
    /// <param name="dimension">d, the number of columns.</param>
    /// <param name="symbols">S, the number of symbols each column takes (at least 2).</param>
    public CategoricalMixture(double[] weights, double[] probabilities, int dimension, int symbols)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(probabilities);
        int k = weights.Length, d = dimension, s = symbols;
        if (k < 1) throw new ArgumentException("a mixture needs at least one component", nameof(weights));
        if (d < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "the dimension must be at least 1");
        if (s < 2) throw new ArgumentOutOfRangeException(nameof(symbols), symbols, "a categorical needs at least 2 symbols");
        GaussianMixture.CheckWeights(weights);
        if (probabilities.Length != k * d * s)
            throw new ArgumentException($"expected {k}×{d}×{s} probabilities, got {probabilities.Length}", nameof(probabilities));
        for (int row = 0; row < k * d; row++)
        {
            double sum = 0;
            for (int v = 0; v < s; v++)
            {
                double p = probabilities[row * s + v];
                if (!(p > 0 && p <= 1))
                    throw new ArgumentException($"probability {p} of symbol {v} in component {row / d}, column {row % d} must lie in (0, 1]", nameof(probabilities));
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9)
                throw new ArgumentException($"the probabilities of component {row / d}, column {row % d} sum to {sum}, not 1", nameof(probabilities));
        }
        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _probabilities = probabilities;
        _logProbabilities = probabilities.Select(p => Math.Log(p)).ToArray();
        Components = k;
        Dimension = d;
        SymbolCount = s;
    }

    public int Components { get; }
    public int Dimension { get; }

    /// <summary>S, the number of symbols each column takes.</summary>
    public int SymbolCount { get; }

    public IReadOnlyList<double> Weights => _weights;

    /// <summary>φₖⱼ, component k's probabilities of the symbols 0..S − 1 in column j.</summary>
    public double[] Probabilities(int component, int column = 0) =>
        _probabilities.AsSpan((component * Dimension + column) * SymbolCount, SymbolCount).ToArray();

    internal ReadOnlySpan<double> ProbabilitiesFlat => _probabilities;

    protected override int? Symbols => SymbolCount;

    public override ModelFamily Family => ModelFamily.CategoricalMixture;
    public override int DataDimension => Dimension;
    public override int StateCount => Components;
    public override ReadOnlySpan<double> StateLogPriors => _logWeights;
    public override int ParameterCount => Components - 1 + Components * Dimension * (SymbolCount - 1);

    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        result[..Components].Clear();
        SymbolRows.AddLogTerms(x, _logProbabilities, Components, SymbolCount, result);
    }

    protected internal override bool StateLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result)
    {
        result[..((end - start) * Components)].Clear();
        SymbolRows.AddLogTerms(data, start, end, _logProbabilities, Components, SymbolCount, result);
        return true;
    }

    /// <summary>Draws x from component <paramref name="c"/> into <paramref name="row"/>: a symbol per column.</summary>
    internal void DrawFrom(int c, Random random, Span<double> row)
    {
        int d = Dimension, s = SymbolCount;
        for (int j = 0; j < d; j++) row[j] = random.NextCategorical(_probabilities.AsSpan((c * d + j) * s, s));
    }

    public override GeneratedData Generate(int count, Random random) => FromComponents(count, random, _weights, DrawFrom);

    public override string ToString() => $"CategoricalMixture({Components} components, {Dimension} column(s) of {SymbolCount} symbols)";
}
