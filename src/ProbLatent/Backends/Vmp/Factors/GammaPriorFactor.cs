using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>τᵢ ~ Gamma(shape a₀, rate b₀) for every precision of the node.</summary>
internal sealed class GammaPriorFactor(string name, GammaArrayNode variable, double shape, double rate)
    : Factor(name), ISendsTo<GammaArrayNode>
{
    public override bool IsPrior => true;

    public void SendTo(GammaArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            node.ShapeSum[i] += shape - 1;
            node.RateSum[i] += rate;
        }
    }

    /// <summary>Σᵢ a₀ log b₀ − log Γ(a₀) + (a₀ − 1) E[log τᵢ] − b₀ E[τᵢ].</summary>
    public override double AverageLog()
    {
        double constant = shape * Math.Log(rate) - SpecialFunctions.LogGamma(shape), value = 0;
        for (int i = 0; i < variable.Count; i++) value += constant + (shape - 1) * variable.MeanLog[i] - rate * variable.Mean[i];
        return value;
    }
}
