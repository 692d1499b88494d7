using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>Λₖ ~ Wishart(a₀, B₀) in Infer.NET's shape–rate form (scale S₀ = B₀⁻¹, E[Λ] = a₀S₀), for every matrix of the node.</summary>
internal sealed class WishartPriorFactor : Factor
{
    readonly WishartArrayNode _variable;
    readonly double _shape;
    readonly double[] _rate;
    readonly double _logDeterminantRate;

    public WishartPriorFactor(string name, WishartArrayNode variable, double shape, double[] rate) : base(name)
    {
        int d = variable.Dimension;
        _variable = variable;
        _shape = shape;
        _rate = rate;
        _logDeterminantRate = Cholesky.Factor(rate, d, $"prior rate of {variable.Name}").LogDeterminant();
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
            node.ShapeSum[k] += Wishart.NaturalShapeOf(_shape, d);
            for (int i = 0; i < d * d; i++) node.RateSum[k * d * d + i] += _rate[i];
        }
    }

    /// <summary>Σₖ a₀ log|B₀| − log Γ_d(a₀) + (a₀ − (d+1)/2) E[log|Λₖ|] − tr(B₀ E[Λₖ]).</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int k = 0; k < _variable.Count; k++)
            value += Wishart.ExpectedLogDensityOfShapeAndRate(_shape, _rate, _logDeterminantRate, _variable.Mean(k), _variable.MeanLogDeterminant[k]);
        return value;
    }
}
