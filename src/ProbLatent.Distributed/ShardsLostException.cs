namespace ProbLatent.Distributed;

/// <summary>
/// Workers stopped answering and no other worker holds some of their shards: the fit stops rather than leave those rows out.
/// </summary>
public sealed class ShardsLostException(string message, IReadOnlyList<string> workers, IReadOnlyList<string> shards) : ProbLatentException(message)
{
    /// <summary>The workers (HOST:PORT) that stopped answering.</summary>
    public IReadOnlyList<string> Workers { get; } = workers;

    /// <summary>The shards that no worker still answering holds.</summary>
    public IReadOnlyList<string> Shards { get; } = shards;
}

/// <summary>A worker refused the coordinator, or holds shards that do not fit the data set: names the worker and what differs.</summary>
public sealed class WorkerRefusedException(string message) : ProbLatentException(message);
