using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// A categorical mixture gate on a pass: Σⱼ E[log φₖⱼ[xₙⱼ]] as every row's message and the expected counts
/// Σₙ rₙₖ [xₙⱼ = v] (K×d×S) as its statistics (<see cref="SymbolRows"/>). Its rows are read where the plate is: it does not
/// travel to shards.
/// </summary>
internal sealed class CategoricalGateKernel(double[] meanLogs, int components, int symbols) : IPlateKernel
{
    DataMatrix _data = null!;

    public int StatisticsLength => meanLogs.Length;

    public void BeginBlock(DataMatrix rows) => _data = rows;

    public void AddLogMessages(int start, int end, Span<double> logPotentials) =>
        SymbolRows.AddLogTerms(_data, start, end, meanLogs, components, symbols, logPotentials);

    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics) =>
        SymbolRows.AddCounts(_data, start, end, probabilities, components, symbols, statistics);
}
