using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// μᵢ ~ N(m₀ᵢ, 1/τ₀ᵢ) for every scalar of the node. The prior means and precisions repeat with period
/// <c>means.Length</c>, which must divide the node's count: one value for all, or one per data dimension for a
/// node laid out component by component (K×d, index k·d + j takes m₀ⱼ and τ₀ⱼ).
/// </summary>
internal sealed class GaussianPriorFactor : Factor
{
    readonly GaussianArrayNode _variable;
    readonly double[] _means;
    readonly double[] _precisions;

    public GaussianPriorFactor(string name, GaussianArrayNode variable, double[] means, double[] precisions) : base(name)
    {
        if (means.Length == 0 || variable.Count % means.Length != 0 || precisions.Length != means.Length)
            throw new ArgumentException(
                $"{means.Length} prior means and {precisions.Length} precisions do not tile the {variable.Count} variables of {variable.Name}", nameof(means));
        _variable = variable;
        _means = means;
        _precisions = precisions;
    }

    public override bool IsPrior => true;

    double PriorMean(int i) => _means[i % _means.Length];

    double PriorPrecision(int i) => _precisions[i % _precisions.Length];

    public override void SendTo(Node argument)
    {
        if (argument == _variable) ToVariable(_variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(GaussianArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            var (precision, precisionMean) = Gaussian.NaturalOf(PriorMean(i), PriorPrecision(i));
            node.PrecisionSum[i] += precision;
            node.PrecisionMeanSum[i] += precisionMean;
        }
    }

    /// <summary>Σᵢ ½ log(τ₀ᵢ/2π) − τ₀ᵢ/2 [(mᵢ − m₀ᵢ)² + vᵢ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _variable.Count; i++)
            value += Gaussian.ExpectedLogDensity(PriorMean(i), PriorPrecision(i), _variable.Mean[i], _variable.Variance[i]);
        return value;
    }
}
