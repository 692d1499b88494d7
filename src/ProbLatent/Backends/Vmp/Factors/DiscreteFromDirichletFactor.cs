using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Backends.Vmp.Nodes;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// zₙ ~ Discrete(π) for every point of a plate: a plate of discrete variables, or the components of a factor-mixture
/// plate. To z: E[log π]; to π: the counts Nₖ = Σₙ q(zₙ = k).
/// </summary>
internal sealed class DiscreteFromDirichletFactor(string name, DirichletNode weights)
    : Factor(name), IDiscretePlateFactor, IFactorMixturePlateFactor
{
    readonly double[] _counts = new double[weights.Dimension];
    readonly WeightsKernel _kernel = new(weights.MeanLog);

    /// <summary>E[log π] to every row, read from the weights' node as the pass goes; the counts Nₖ.</summary>
    public IPlateKernel Kernel => _kernel;

    public void BeginPass(DiscretePlateNode z) { }

    public void EndPass(double[] statistics) => statistics.CopyTo(_counts, 0);

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions) { }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans) { }

    public int StatisticsLength => weights.Dimension;

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials) =>
        _kernel.AddLogMessages(start, end, logPotentials);

    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics) =>
        _kernel.Accumulate(start, end, responsibilities, statistics);

    public void EndPass(FactorMixturePlateNode plate, double[] statistics) => EndPass(statistics);

    public override void SendTo(Node argument)
    {
        if (argument == weights) ToWeights(weights);
        else throw NotAnArgument(argument);
    }

    void ToWeights(DirichletNode node)
    {
        for (int c = 0; c < _counts.Length; c++) node.NaturalSum[c] += _counts[c];
    }

    /// <summary>Σₙ Σₖ q(zₙ = k) E[log πₖ] = Σₖ Nₖ E[log πₖ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int c = 0; c < _counts.Length; c++)
            if (_counts[c] > 0) value += _counts[c] * weights.MeanLog[c];
        return value;
    }
}
