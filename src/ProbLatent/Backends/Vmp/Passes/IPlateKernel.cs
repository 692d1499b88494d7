using ProbLatent.Data;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// The half of a discrete plate's factor that reads rows during a pass: its messages to each row's q(zₙ) and its share of
/// the statistics of the new q, from what the factor fixed when the pass began. The rows may be here or on a shard
/// elsewhere, which is sent the kernel (<see cref="ITravellingKernel"/>), so the statistics of a pass are a sum over the
/// rows wherever they are.
/// </summary>
internal interface IPlateKernel
{
    /// <summary>The length of the statistics this kernel keeps of q(z).</summary>
    int StatisticsLength { get; }

    /// <summary>
    /// Called before each block of the pass with the block's rows, which the row indices of the calls that follow count
    /// from: the whole data set when it is held in memory (the same matrix on every pass), else a block of a data source
    /// read in reused buffers, valid until the next block.
    /// </summary>
    void BeginBlock(DataMatrix rows);

    /// <summary>Adds log messages for rows [start, end) of the block into <paramref name="logPotentials"/> ((end−start)×K).</summary>
    void AddLogMessages(int start, int end, Span<double> logPotentials);

    /// <summary>Adds rows [start, end)'s share of the statistics (into a zeroed span), given their new q(zₙ) ((end−start)×K).</summary>
    void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics);
}

/// <summary>A kernel that is a few arrays fixed for the pass, which a shard is sent and rebuilds bit for bit (<see cref="Shards.ShardCodec"/>).</summary>
internal interface ITravellingKernel : IPlateKernel;
