using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Shards;

/// <summary>The shards behind a transport as a fit's executor: each question encoded, each answer decoded, sums taken in shard order.</summary>
internal sealed class TransportShards(IShardTransport transport) : IShardExecutor
{
    public string Name => transport.Name;

    public DataMatrix? Held => null;

    public IReadOnlyList<string> ColumnNames => transport.ColumnNames;

    public bool HasColumnNames => transport.HasColumnNames;

    public IReadOnlyList<ShardSummary> Describe(bool binary, CancellationToken cancellation)
    {
        var request = ShardCodec.DescribeRequest(binary);
        return Checked(transport.Ask(ShardQuestion.Describe, _ => request, cancellation)).Select(ShardCodec.Summary).ToArray();
    }

    public IReadOnlyList<ShardSample> Sample(IReadOnlyList<ShardSampleRequest> requests, CancellationToken cancellation) =>
        Checked(transport.Ask(ShardQuestion.Sample, s => ShardCodec.SampleRequest(requests[s]), cancellation)).Select(ShardCodec.Sample).ToArray();

    public double[] PlatePass(Func<int, PlatePassRequest> request, CancellationToken cancellation) =>
        ShardTotals.Sum(Checked(transport.Ask(ShardQuestion.PlatePass, s => ShardCodec.PlatePass(request(s)), cancellation)).Select(ShardCodec.Totals).ToArray());

    public double Score(ILatentModel model, CancellationToken cancellation)
    {
        var parameters = ShardCodec.Model(model);
        return Checked(transport.Ask(ShardQuestion.Score, _ => parameters, cancellation)).Select(ShardCodec.Score).Aggregate((total, next) => total + next);
    }

    public ShardSums Sweep(ILatentModel current, CancellationToken cancellation)
    {
        var parameters = ShardCodec.Model(current);
        return Checked(transport.Ask(ShardQuestion.Sweep, _ => parameters, cancellation)).Select(ShardCodec.Sums).Aggregate((total, next) => total.Plus(next));
    }

    public ShardFinal Final(ILatentModel previous, ILatentModel model, CancellationToken cancellation)
    {
        var models = ShardCodec.Final((previous, model));
        return Checked(transport.Ask(ShardQuestion.Final, _ => models, cancellation)).Select(ShardCodec.Final).Aggregate((total, next) => total.Plus(next));
    }

    /// <summary>A transport that returned another number of answers than it has shards would leave rows out: refused.</summary>
    IReadOnlyList<byte[]> Checked(IReadOnlyList<byte[]> answers) => answers.Count == transport.Shards ? answers
        : throw new InvalidOperationException($"{transport.Name}: {answers.Count} answers for {transport.Shards} shards; a sweep ends only when every shard has answered");
}
