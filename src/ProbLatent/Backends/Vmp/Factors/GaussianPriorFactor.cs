using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// μᵢ ~ N(m₀ᵢ, 1/τ₀) for every scalar of the node, with a common precision τ₀. The prior means repeat with period
/// <c>means.Length</c>, which must divide the node's count: one value for all, or one per data dimension for a
/// node laid out component by component (K×d, index k·d + j takes m₀ⱼ).
/// </summary>
internal sealed class GaussianPriorFactor : Factor, ISendsTo<GaussianArrayNode>
{
    readonly GaussianArrayNode _variable;
    readonly double[] _means;
    readonly double _precision;

    public GaussianPriorFactor(string name, GaussianArrayNode variable, double[] means, double precision) : base(name)
    {
        if (means.Length == 0 || variable.Count % means.Length != 0)
            throw new ArgumentException($"{means.Length} prior means do not tile the {variable.Count} variables of {variable.Name}", nameof(means));
        _variable = variable;
        _means = means;
        _precision = precision;
    }

    public GaussianPriorFactor(string name, GaussianArrayNode variable, double mean, double precision)
        : this(name, variable, [mean], precision) { }

    public override bool IsPrior => true;

    double PriorMean(int i) => _means[i % _means.Length];

    public void SendTo(GaussianArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            node.PrecisionSum[i] += _precision;
            node.PrecisionMeanSum[i] += _precision * PriorMean(i);
        }
    }

    /// <summary>Σᵢ ½ log(τ₀/2π) − τ₀/2 [(mᵢ − m₀ᵢ)² + vᵢ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _variable.Count; i++)
        {
            double r = _variable.Mean[i] - PriorMean(i);
            value += 0.5 * (Math.Log(_precision) - SpecialFunctions.Log2Pi - _precision * (r * r + _variable.Variance[i]));
        }
        return value;
    }
}
