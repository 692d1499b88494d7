using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// The rows of a VMP mixture's plate held by shards: each pass sends every shard the kernels the factors fixed (and on the
/// first, its rows' share of the start), and sums the shards' totals in shard order, never in the order they arrive.
/// </summary>
/// <param name="shardRows">Each shard's rows, in shard order, as the start's first pass counted them.</param>
/// <param name="cancellation">Stops a pass part way, at every shard; the result's log-likelihood is always scored whole.</param>
internal sealed class ShardPlateRows(IShardExecutor shards, IReadOnlyList<long> shardRows, CancellationToken cancellation) : IPlateRows
{
    public string Name => shards.Name;

    public long Count { get; } = shardRows.Sum();

    /// <summary>The row of the pass each shard's rows start at, which slices a given start.</summary>
    readonly long[] _firstRows = FirstRows(shardRows);

    public DataMatrix? Held => null;

    public double[] Pass(IReadOnlyList<IPlateKernel> kernels, int states, PlateStart? start)
    {
        var travelling = kernels.Select(k => k as ITravellingKernel
            ?? throw new InvalidOperationException($"a plate's kernel {k.GetType().Name} reads rows held here only; it cannot be sent to shards")).ToArray();
        return shards.PlatePass(s => new PlatePassRequest(travelling, states, start switch
        {
            null => null,
            GivenStart given => given.Slice(_firstRows[s], shardRows[s]),
            NearestCentreStart nearest => nearest,
            _ => throw new InvalidOperationException("a start drawn as the rows come cannot be sent to shards"),
        }), cancellation);
    }

    public double LogLikelihood(ILatentModel model) => shards.Score(model, CancellationToken.None);

    static long[] FirstRows(IReadOnlyList<long> shardRows)
    {
        var first = new long[shardRows.Count];
        for (int s = 1; s < first.Length; s++) first[s] = first[s - 1] + shardRows[s - 1];
        return first;
    }
}
