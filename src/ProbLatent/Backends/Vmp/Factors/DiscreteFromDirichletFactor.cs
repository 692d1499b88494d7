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

    public int StatisticsLength => weights.Dimension;

    public void BeginPass(DiscretePlateNode z) { }

    public void BeginBlock(Data.DataMatrix rows) { }

    public void AddLogMessages(DiscretePlateNode z, int start, int end, Span<double> logPotentials) => AddLogMessages(start, end, logPotentials);

    void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        int k = weights.Dimension;
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) logPotentials[n * k + c] += weights.MeanLog[c];
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int k = weights.Dimension;
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) statistics[c] += probabilities[n * k + c];
    }

    public void EndPass(double[] statistics) => statistics.CopyTo(_counts, 0);

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions) { }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans) { }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials) =>
        AddLogMessages(start, end, logPotentials);

    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics) =>
        Accumulate(start, end, responsibilities, statistics);

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
