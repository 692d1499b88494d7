using ProbLatent.Data;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>zₙ ~ Discrete(π) on a pass: the message E[log π] to every row, and the counts Nₖ = Σₙ q(zₙ = k).</summary>
internal sealed class WeightsKernel(double[] meanLog) : ITravellingKernel
{
    /// <summary>E[log πₖ], K.</summary>
    public double[] MeanLog { get; } = meanLog;

    public int StatisticsLength => MeanLog.Length;

    public void BeginBlock(DataMatrix rows) { }

    public void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        int k = MeanLog.Length;
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) logPotentials[n * k + c] += MeanLog[c];
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int k = MeanLog.Length;
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) statistics[c] += probabilities[n * k + c];
    }
}
