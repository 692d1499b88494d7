using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Shards;

/// <summary>One source read here as one shard: its blocks' statistics added in block order, as a streamed EM fit over a source has always summed them.</summary>
internal sealed class SourceSweep(IStreamedEm algorithm, DataSource source) : ISweepExecutor
{
    public string Name => source.Name;

    public DataMatrix? Held => (source as MatrixSource)?.Data;

    public ShardSums Sweep(ILatentModel current, CancellationToken cancellation) => ShardWork.Statistics(algorithm, source, current, cancellation);

    public ShardFinal Final(ILatentModel previous, ILatentModel model, CancellationToken cancellation) =>
        ShardWork.Final(source, previous, model, cancellation);
}
