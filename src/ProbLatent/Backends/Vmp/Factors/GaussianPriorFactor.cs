using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>μᵢ ~ N(m₀, 1/τ₀) for every scalar of the node.</summary>
internal sealed class GaussianPriorFactor(string name, GaussianArrayNode variable, double mean, double precision)
    : Factor(name), ISendsTo<GaussianArrayNode>
{
    public override bool IsPrior => true;

    public void SendTo(GaussianArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            node.PrecisionSum[i] += precision;
            node.PrecisionMeanSum[i] += precision * mean;
        }
    }

    /// <summary>Σᵢ ½ log(τ₀/2π) − τ₀/2 [(mᵢ − m₀)² + vᵢ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < variable.Count; i++)
        {
            double r = variable.Mean[i] - mean;
            value += 0.5 * (Math.Log(precision) - SpecialFunctions.Log2Pi - precision * (r * r + variable.Variance[i]));
        }
        return value;
    }
}
