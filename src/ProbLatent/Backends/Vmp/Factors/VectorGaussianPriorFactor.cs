using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>μₖ ~ N(m₀, Λ₀⁻¹) for every vector of the node, with a fixed mean m₀ and precision Λ₀ (d×d).</summary>
internal sealed class VectorGaussianPriorFactor : Factor
{
    readonly VectorGaussianArrayNode _variable;
    readonly double[] _mean;
    readonly double[] _precision;
    readonly double[] _precisionMean;
    readonly double _logDeterminant;

    public VectorGaussianPriorFactor(string name, VectorGaussianArrayNode variable, double[] mean, double[] precision) : base(name)
    {
        int d = variable.Dimension;
        _variable = variable;
        _mean = mean;
        _precision = precision;
        _logDeterminant = Cholesky.Factor(precision, d, $"prior precision of {variable.Name}").LogDeterminant();
        _precisionMean = new double[d];
        MultivariateGaussian.PrecisionMeanOf(mean, precision, _precisionMean);
    }

    public override bool IsPrior => true;

    public override void SendTo(Node argument)
    {
        if (argument == _variable) ToVariable(_variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(VectorGaussianArrayNode node)
    {
        int d = node.Dimension;
        for (int k = 0; k < node.Count; k++)
        {
            for (int i = 0; i < d * d; i++) node.PrecisionSum[k * d * d + i] += _precision[i];
            for (int i = 0; i < d; i++) node.PrecisionMeanSum[k * d + i] += _precisionMean[i];
        }
    }

    /// <summary>Σₖ ½ log|Λ₀| − d/2 log 2π − ½[(mₖ − m₀)ᵀΛ₀(mₖ − m₀) + tr(Λ₀Σₖ)].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int k = 0; k < _variable.Count; k++)
            value += MultivariateGaussian.ExpectedLogDensity(_mean, _precision, _logDeterminant, _variable.Mean(k), _variable.Covariance(k));
        return value;
    }
}
