using ProbLatent.Backends.Shards;
using ProbLatent.Data;

namespace ProbLatent.Tests.Backends.Shards;

/// <summary>Shards on this machine behind the transport's bytes: every question encoded, answered by <see cref="ShardAnswers"/> and decoded, as a worker would.</summary>
internal sealed class CodecTransport(IReadOnlyList<DataSource> shards) : IShardTransport
{
    public string Name => $"{shards.Count} shards through their messages";

    public IReadOnlyList<string> ColumnNames => shards[0].ColumnNames;

    public bool HasColumnNames => shards[0].HasColumnNames;

    public int Shards => shards.Count;

    /// <summary>The bytes the questions of the last call sent, all shards together.</summary>
    public long LastSent { get; private set; }

    /// <summary>The bytes the last call of each question sent, all shards together.</summary>
    public Dictionary<ShardQuestion, long> LastSentOf { get; } = [];

    public IReadOnlyList<byte[]> Ask(ShardQuestion question, Func<int, byte[]> payload, CancellationToken cancellation)
    {
        var payloads = Enumerable.Range(0, shards.Count).Select(payload).ToArray();
        LastSent = LastSentOf[question] = payloads.Sum(p => (long)p.Length);
        return payloads.Select((bytes, s) => ShardAnswers.Answer(shards[s], question, bytes, cancellation)).ToArray();
    }
}
