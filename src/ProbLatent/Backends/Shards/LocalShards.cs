using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// Shards held on this machine, each answered on a thread of its own and the answers added in shard order: the single-machine
/// fit a cluster's fit over the same shards equals.
/// </summary>
internal sealed class LocalShards : IShardExecutor
{
    readonly IReadOnlyList<DataSource> _shards;

    /// <param name="shards">The shards in the order their statistics are added.</param>
    /// <exception cref="DataException">A shard's columns differ from the first's, naming both.</exception>
    public LocalShards(IReadOnlyList<DataSource> shards)
    {
        if (shards.Count == 0) throw new ArgumentException("a fit over shards needs at least one shard", nameof(shards));
        // The shards' columns are checked as the files of one data set are.
        _ = DataSource.Concatenate(shards);
        _shards = shards;
    }

    public string Name => $"{_shards.Count} shards ({string.Join(", ", _shards.Select(s => s.Name))})";

    public DataMatrix? Held => null;

    public IReadOnlyList<string> ColumnNames => _shards[0].ColumnNames;

    public bool HasColumnNames => _shards[0].HasColumnNames;

    public IReadOnlyList<ShardSummary> Describe(bool binary, CancellationToken cancellation) =>
        Each((shard, _) => ShardWork.Describe(shard, binary, cancellation));

    public IReadOnlyList<ShardSample> Sample(IReadOnlyList<ShardSampleRequest> requests, CancellationToken cancellation) =>
        Each((shard, s) => ShardWork.Sample(shard, requests[s], cancellation));

    /// <remarks>
    /// Each shard is given the request as a worker decodes it from the bytes it is sent, so each has kernels of its own to
    /// read its blocks with, and the pass is a cluster's to the bit.
    /// </remarks>
    public double[] PlatePass(Func<int, PlatePassRequest> request, CancellationToken cancellation) =>
        ShardTotals.Sum(Each((shard, s) => ShardWork.PlatePass(shard, ShardCodec.PlatePassRequest(ShardCodec.PlatePass(request(s))), cancellation)));

    public double Score(ILatentModel model, CancellationToken cancellation) =>
        Each((shard, _) => ShardWork.Score(shard, model, cancellation)).Aggregate((total, next) => total + next);

    public ShardSums Sweep(ILatentModel current, CancellationToken cancellation) =>
        Each((shard, _) => ShardWork.Statistics(shard, current, cancellation)).Aggregate((total, next) => total.Plus(next));

    public ShardFinal Final(ILatentModel previous, ILatentModel model, CancellationToken cancellation) =>
        Each((shard, _) => ShardWork.Final(shard, previous, model, cancellation)).Aggregate((total, next) => total.Plus(next));

    /// <summary>Every shard's answer, computed in parallel and returned in shard order.</summary>
    T[] Each<T>(Func<DataSource, int, T> answer)
    {
        var answers = new T[_shards.Count];
        try
        {
            Parallel.For(0, _shards.Count, s => answers[s] = answer(_shards[s], s));
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            // The first shard's error, as a fit over one source raises it, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
        }
        return answers;
    }
}
