using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// τᵢ ~ Gamma(shape a₀, rate b₀ᵢ) for every precision of the node. The rates repeat with period <c>rates.Length</c>,
/// which must divide the node's count: one rate for all, or one per data dimension of a K×d node (index k·d + j takes b₀ⱼ).
/// </summary>
internal sealed class GammaPriorFactor : Factor
{
    readonly GammaArrayNode _variable;
    readonly double _shape;
    readonly double[] _rates;

    public GammaPriorFactor(string name, GammaArrayNode variable, double shape, params double[] rates) : base(name)
    {
        if (rates.Length == 0 || variable.Count % rates.Length != 0)
            throw new ArgumentException($"{rates.Length} prior rates do not tile the {variable.Count} variables of {variable.Name}", nameof(rates));
        _variable = variable;
        _shape = shape;
        _rates = rates;
    }

    public override bool IsPrior => true;

    double Rate(int i) => _rates[i % _rates.Length];

    public override void SendTo(Node argument)
    {
        if (argument == _variable) ToVariable(_variable);
        else throw NotAnArgument(argument);
    }

    void ToVariable(GammaArrayNode node)
    {
        for (int i = 0; i < node.Count; i++)
        {
            var (shapeMinusOne, rate) = Gamma.NaturalOf(_shape, Rate(i));
            node.ShapeSum[i] += shapeMinusOne;
            node.RateSum[i] += rate;
        }
    }

    /// <summary>Σᵢ a₀ log b₀ᵢ − log Γ(a₀) + (a₀ − 1) E[log τᵢ] − b₀ᵢ E[τᵢ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _variable.Count; i++) value += Gamma.ExpectedLogDensity(_shape, Rate(i), _variable.MeanLog[i], _variable.Mean[i]);
        return value;
    }
}
