using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// One pass of a discrete plate over rows: each block's q(zₙ) from the kernels' log messages (a softmax), or from the start,
/// and the kernels' statistics of it, added row block by row block into one total carried from block to block
/// (<see cref="RowBlocks.AccumulateInto"/>). The totals hold each kernel's statistics in turn, then Σₙ H[q(zₙ)], then, over
/// rows not held, the expected counts Σₙ q(zₙ). A plate over rows held here and a shard over its own rows run the same code.
/// </summary>
internal static class PlatePass
{
    /// <summary>The offsets of the kernels' statistics in the totals; the last is where the entropy is.</summary>
    public static int[] Layout(IReadOnlyList<IPlateKernel> kernels)
    {
        var layout = new int[kernels.Count + 1];
        for (int f = 0; f < kernels.Count; f++) layout[f + 1] = layout[f] + kernels[f].StatisticsLength;
        return layout;
    }

    /// <summary>The totals of a pass over every block of <paramref name="source"/>, keeping only a block's q at a time, with the expected counts.</summary>
    public static double[] Over(IReadOnlyList<IPlateKernel> kernels, int states, DataSource source, PlateStart? start, CancellationToken cancellation)
    {
        var layout = Layout(kernels);
        var totals = new double[layout[^1] + 1 + states];
        double[] q = [];
        foreach (var block in source.Blocks(cancellation))
        {
            int rows = block.Data.Rows;
            if (q.Length != rows * states) q = new double[rows * states];
            Block(kernels, layout, states, block.Data, block.FirstRowOfSource, q, 0, start, counted: true, chain: false, totals);
        }
        return totals;
    }

    /// <summary>
    /// Adds the share of one block of rows, the first row <paramref name="firstRow"/> of the pass, into <paramref name="totals"/>,
    /// its q(zₙ) written into <paramref name="q"/> from row
    /// <paramref name="first"/> on: from <paramref name="start"/>, or as a chain's inference left it (<paramref name="chain"/>:
    /// its entropy is the chain's, not added here), else from the messages.
    /// </summary>
    public static void Block(IReadOnlyList<IPlateKernel> kernels, int[] layout, int states, DataMatrix data, long firstRow, double[] q, int first, PlateStart? start,
        bool counted, bool chain, double[] totals)
    {
        int k = states, rows = data.Rows, entropyAt = layout[^1], counts = counted ? k : 0;
        foreach (var f in kernels) f.BeginBlock(data);
        start?.Fill(data, firstRow, q.AsSpan(first * k, rows * k));
        RowBlocks.AccumulateInto(rows, totals, (from, to, statistics) =>
        {
            var probabilities = q.AsSpan((first + from) * k, (to - from) * k);
            double entropy;
            if (chain)
            {
                entropy = 0;
            }
            else if (start is null)
            {
                probabilities.Clear();
                foreach (var f in kernels) f.AddLogMessages(from, to, probabilities);
                entropy = DiscretePlateNode.Softmax(probabilities, k);
            }
            else
            {
                entropy = Categorical.EntropyOf(probabilities);
            }
            statistics[entropyAt] = entropy;
            for (int f = 0; f < kernels.Count; f++)
                kernels[f].Accumulate(from, to, probabilities, statistics.AsSpan(layout[f], kernels[f].StatisticsLength));
            for (int n = 0; n < counts * (to - from); n++) statistics[entropyAt + 1 + n % k] += probabilities[n];
        });
    }
}
