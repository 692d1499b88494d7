using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// A Gaussian mixture gate on a pass: the expected log densities of the K components in whitened form (full or diagonal,
/// <see cref="WhitenedGaussians"/>) as every row's message, and Nₖ, Σ rₙₖxₙ and the second moments (the lower triangle of
/// Σ rₙₖxₙxₙᵀ, or Σ rₙₖxₙⱼ²) of the block, read column by column.
/// </summary>
internal sealed class GaussianGateKernel(WhitenedGaussians whitened) : ITravellingKernel
{
    readonly ColumnBlock _block = new();

    /// <summary>The components as the gate fixed them for the pass.</summary>
    public WhitenedGaussians Whitened { get; } = whitened;

    int K => Whitened.Components;

    int D => Whitened.Dimension;

    public int StatisticsLength => K * (1 + D + (Whitened.IsFull ? D * D : D));

    public void BeginBlock(DataMatrix rows) => _block.Begin(rows);

    public void AddLogMessages(int start, int end, Span<double> logPotentials) =>
        Whitened.AddLogDensities(_block.Columns, _block.Rows, start, end - start, logPotentials, K, 1);

    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = D, k = K;
        var second = Whitened.IsFull ? MixtureMoments.Second.LowerTriangle : MixtureMoments.Second.Diagonal;
        MixtureMoments.AddColumns(_block.Columns, _block.Rows, start, end - start, d, probabilities, k, [],
            statistics[..k], statistics.Slice(k, k * d), statistics.Slice(k + k * d, statistics.Length - k - k * d), second);
    }
}
