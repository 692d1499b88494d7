using ProbLatent.Data;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// Shards held elsewhere, as a fit over them sees them: each question put to every shard, the answers returned in shard
/// order. Questions and answers are opaque bytes (a fixed little-endian layout, versioned) that <see cref="ShardAnswers"/>
/// answers where the shard is, so a transport (the ProbLatent.Distributed package's workers) only moves them.
/// </summary>
public interface IShardTransport
{
    /// <summary>What the shards are called in messages: how many, and where.</summary>
    string Name { get; }

    /// <summary>The columns every shard holds (the transport checks they agree).</summary>
    IReadOnlyList<string> ColumnNames { get; }

    bool HasColumnNames { get; }

    /// <summary>The number of shards, each asked by its index in shard order.</summary>
    int Shards { get; }

    /// <summary>
    /// Puts <paramref name="question"/> with shard s's <paramref name="payload"/>(s) to every shard and returns each one's
    /// <see cref="ShardAnswers.Answer"/>, in shard order, once every shard has answered (or throws naming what did not).
    /// </summary>
    IReadOnlyList<byte[]> Ask(ShardQuestion question, Func<int, byte[]> payload, CancellationToken cancellation);
}

/// <summary>
/// What a fit asks of its shards: the start's two passes, an EM sweep's statistics, the result's ELBO terms, a VMP plate's
/// pass, and the log-likelihood of a fitted model.
/// </summary>
public enum ShardQuestion : byte { Describe = 1, Sample = 2, Sweep = 3, Final = 4, PlatePass = 5, Score = 6 }

/// <summary>Answers a shard's questions where it is held: a worker holding the shard calls this with the bytes it was sent.</summary>
public static class ShardAnswers
{
    /// <exception cref="DataException">The shard's data is refused (a missing cell, a value the likelihood does not read).</exception>
    /// <exception cref="InvalidDataException">The question is of another layout version.</exception>
    public static byte[] Answer(DataSource shard, ShardQuestion question, byte[] payload, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(payload);
        return question switch
        {
            ShardQuestion.Describe => ShardCodec.Summary(ShardWork.Describe(shard, ShardCodec.DescribeRequest(payload), cancellation)),
            ShardQuestion.Sample => ShardCodec.Sample(ShardWork.Sample(shard, ShardCodec.SampleRequest(payload), cancellation)),
            ShardQuestion.Sweep => ShardCodec.Sums(ShardWork.Statistics(shard, ShardCodec.Model(payload), cancellation)),
            ShardQuestion.Final => Final(shard, payload, cancellation),
            ShardQuestion.PlatePass => ShardCodec.Totals(ShardWork.PlatePass(shard, ShardCodec.PlatePassRequest(payload), cancellation)),
            ShardQuestion.Score => ShardCodec.Score(ShardWork.Score(shard, ShardCodec.Model(payload), cancellation)),
            _ => throw new InvalidDataException($"unknown shard question {(byte)question}"),
        };
    }

    static byte[] Final(DataSource shard, byte[] payload, CancellationToken cancellation)
    {
        var (previous, model) = ShardCodec.FinalModels(payload);
        return ShardCodec.Final(ShardWork.Final(shard, previous, model, cancellation));
    }
}
