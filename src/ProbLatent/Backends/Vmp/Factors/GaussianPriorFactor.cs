using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>μᵢ ~ N(m₀ᵢ, 1/τ₀) for every scalar of the node: one prior mean for all, or one per scalar.</summary>
internal sealed class GaussianPriorFactor : Factor, ISendsTo<GaussianArrayNode>
{
    readonly GaussianArrayNode _variable;
    readonly double[] _means;
    readonly double _precision;

    public GaussianPriorFactor(string name, GaussianArrayNode variable, double mean, double precision)
        : this(name, variable, Enumerable.Repeat(mean, variable.Count).ToArray(), precision) { }

    public GaussianPriorFactor(string name, GaussianArrayNode variable, double[] means, double precision) : base(name)
    {
        if (means.Length != variable.Count)
            throw new ArgumentException($"prior '{name}': {means.Length} means for {variable.Count} variables", nameof(means));
        _variable = variable;
        _means = means;
        _precision = precision;
    }

    public override bool IsPrior => true;

    public void SendTo(GaussianArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            node.PrecisionSum[i] += _precision;
            node.PrecisionMeanSum[i] += _precision * _means[i];
        }
    }

    /// <summary>Σᵢ ½ log(τ₀/2π) − τ₀/2 [(mᵢ − m₀ᵢ)² + vᵢ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _variable.Count; i++)
        {
            double r = _variable.Mean[i] - _means[i];
            value += 0.5 * (Math.Log(_precision) - SpecialFunctions.Log2Pi - _precision * (r * r + _variable.Variance[i]));
        }
        return value;
    }
}
