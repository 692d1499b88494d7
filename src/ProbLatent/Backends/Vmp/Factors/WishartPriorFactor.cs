using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>Λₖ ~ Wishart(a₀, B₀) in Infer.NET's shape–rate form (scale S₀ = B₀⁻¹, E[Λ] = a₀S₀), for every matrix of the node.</summary>
internal sealed class WishartPriorFactor : Factor
{
    readonly WishartArrayNode _variable;
    readonly double _shape;
    readonly double[] _rate;
    readonly double _logNormalizer;

    public WishartPriorFactor(string name, WishartArrayNode variable, double shape, double[] rate) : base(name)
    {
        int d = variable.Dimension;
        _variable = variable;
        _shape = shape;
        _rate = rate;
        double logDetRate = Cholesky.Factor(rate, d, $"prior rate of {variable.Name}").LogDeterminant();
        _logNormalizer = shape * logDetRate - SpecialFunctions.MultivariateLogGamma(shape, d);
    }

    public override bool IsPrior => true;

    public override void SendTo(Node argument)
    {
        if (argument == _variable) ToVariable(_variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(WishartArrayNode node)
    {
        int d = node.Dimension;
        for (int k = 0; k < node.Count; k++)
        {
            node.ShapeSum[k] += _shape - (d + 1) / 2.0;
            for (int i = 0; i < d * d; i++) node.RateSum[k * d * d + i] += _rate[i];
        }
    }

    /// <summary>Σₖ a₀ log|B₀| − log Γ_d(a₀) + (a₀ − (d+1)/2) E[log|Λₖ|] − tr(B₀ E[Λₖ]).</summary>
    public override double AverageLog()
    {
        int d = _variable.Dimension;
        double value = 0;
        for (int k = 0; k < _variable.Count; k++)
        {
            var mean = _variable.Mean(k);
            double trace = 0;
            for (int i = 0; i < d * d; i++) trace += _rate[i] * mean[i]; // both symmetric: tr(B E[Λ]) = Σᵢⱼ Bᵢⱼ E[Λ]ᵢⱼ
            value += _logNormalizer + (_shape - (d + 1) / 2.0) * _variable.MeanLogDeterminant[k] - trace;
        }
        return value;
    }
}
