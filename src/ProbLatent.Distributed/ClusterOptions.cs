namespace ProbLatent.Distributed;

/// <summary>How long a coordinator waits for its workers.</summary>
/// <param name="ConnectTimeout">For each worker to answer the handshake.</param>
/// <param name="AnswerTimeout">For a shard's answer to one question (a sweep over its rows): past it the worker is taken as lost,
/// and its shards are asked of another worker that holds them, or the fit stops naming them.</param>
public sealed record ClusterOptions(TimeSpan ConnectTimeout, TimeSpan AnswerTimeout)
{
    public static ClusterOptions Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
}
