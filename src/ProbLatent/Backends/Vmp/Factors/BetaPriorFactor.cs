using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>pᵢ ~ Beta(a₀, b₀) for every probability of the node.</summary>
internal sealed class BetaPriorFactor(string name, BetaArrayNode variable, double a, double b)
    : Factor(name)
{
    public override bool IsPrior => true;

    public override void SendTo(Node argument)
    {
        if (argument == variable) ToVariable(variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(BetaArrayNode node)
    {
        var (alphaMinusOne, betaMinusOne) = Beta.NaturalOf(a, b);
        for (int i = 0; i < node.Count; i++)
        {
            node.AlphaSum[i] += alphaMinusOne;
            node.BetaSum[i] += betaMinusOne;
        }
    }

    /// <summary>Σᵢ −log B(a₀, b₀) + (a₀ − 1) E[log pᵢ] + (b₀ − 1) E[log(1 − pᵢ)].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < variable.Count; i++) value += Beta.ExpectedLogDensity(a, b, variable.MeanLog[i], variable.MeanLogComplement[i]);
        return value;
    }
}
