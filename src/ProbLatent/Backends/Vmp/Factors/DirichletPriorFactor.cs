using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>π ~ Dirichlet(α₀).</summary>
internal sealed class DirichletPriorFactor(string name, DirichletNode variable, double[] concentration)
    : Factor(name)
{
    public override bool IsPrior => true;

    public override void SendTo(Node argument)
    {
        if (argument == variable) ToVariable(variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(DirichletNode node)
    {
        for (int k = 0; k < node.Dimension; k++) node.NaturalSum[k] += Dirichlet.NaturalOf(concentration[k]);
    }

    /// <summary>E[log Dir(π | α₀)] = log Γ(Σα₀) − Σ log Γ(α₀ₖ) + Σ (α₀ₖ − 1) E[log πₖ].</summary>
    public override double AverageLog() => Dirichlet.ExpectedLogDensity(concentration, variable.MeanLog);
}
