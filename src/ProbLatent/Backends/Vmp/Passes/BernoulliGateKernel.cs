using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// A Bernoulli mixture gate on a pass: xₙ · (E[log pₖ] − E[log(1 − pₖ)]) + Σⱼ E[log(1 − pₖⱼ)] as every row's message, the
/// product of a block's ones with the log-odds (<see cref="BernoulliRows"/>), and Nₖ and Σ rₙₖxₙ (by pixel, d×K).
/// </summary>
internal sealed class BernoulliGateKernel(double[] logOddsByColumn, double[] offsets) : ITravellingKernel
{
    DataMatrix _data = null!;
    [ThreadStatic] static double[]? t_block;

    /// <summary>E[log pₖⱼ] − E[log(1 − pₖⱼ)], d×K, as the block product reads them.</summary>
    public double[] LogOddsByColumn { get; } = logOddsByColumn;

    /// <summary>Σⱼ E[log(1 − pₖⱼ)], K.</summary>
    public double[] Offsets { get; } = offsets;

    int K => Offsets.Length;

    int D => LogOddsByColumn.Length / Offsets.Length;

    public int StatisticsLength => K * (1 + D);

    public void BeginBlock(DataMatrix rows) => _data = rows;

    public void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        int rows = end - start, length = rows * K;
        if (t_block is null || t_block.Length < length) t_block = new double[length];
        var block = t_block.AsSpan(0, length);
        BernoulliRows.LogLikelihoods(Ones(start, end), LogOddsByColumn, Offsets, block);
        TensorPrimitives.Add(logPotentials[..length], block, logPotentials[..length]);
    }

    BinaryPattern Ones(int start, int end) => BernoulliRows.Index(_data.Values.Slice(start * D, (end - start) * D), end - start, D, start);

    /// <summary>Nₖ and Σ rₙₖxₙ (by pixel, d×K) over the block, each added in row order.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int k = K;
        var counts = statistics[..k];
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) counts[c] += probabilities[n * k + c];
        BernoulliRows.AddWeightedSums(Ones(start, end), probabilities, k, statistics.Slice(k, k * D));
    }
}
