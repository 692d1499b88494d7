using System.Collections.Concurrent;
using Akka.Actor;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;

namespace ProbLatent.Distributed;

/// <summary>
/// A worker: an actor system listening on HOST:PORT that holds the shards it was given (its own files, each a data source,
/// named by its <see cref="DataSource.Name"/>) and answers a coordinator's questions about them — their rows and columns,
/// the start's sample, a sweep's statistics under the parameters it is sent — each shard on a thread of its own.
/// </summary>
public sealed class ShardWorker : IAsyncDisposable
{
    readonly ActorSystem _system;

    ShardWorker(ActorSystem system) => _system = system;

    /// <summary>HOST:PORT, what a coordinator is given to reach this worker.</summary>
    public string Address => Nodes.Address(_system);

    /// <summary>Starts a worker on <paramref name="host"/>:<paramref name="port"/> (0: any free port) holding <paramref name="shards"/>.</summary>
    /// <exception cref="DataException">Two shards have one name, or their columns differ.</exception>
    public static ShardWorker Start(string host, int port, IReadOnlyList<DataSource> shards) => Start(host, port, shards, Nodes.Version);

    internal static ShardWorker Start(string host, int port, IReadOnlyList<DataSource> shards, string version)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0) throw new ArgumentException("a worker needs at least one shard", nameof(shards));
        if (shards.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DataException("names two shards of this worker; each shard is known by its name", twice.Key);
        _ = DataSource.Concatenate(shards);
        var system = Nodes.Start(host, port);
        system.ActorOf(Props.Create(() => new WorkerActor(shards, version)), Nodes.WorkerPath.Split('/')[^1]);
        return new ShardWorker(system);
    }

    /// <summary>Stops answering at once, as a worker whose process ends.</summary>
    public Task Stop() => _system.Terminate();

    public async ValueTask DisposeAsync() => await _system.Terminate();

    /// <summary>Answers the coordinator: the handshake in the actor, each shard's work on the thread pool, piped back to the asker.</summary>
    sealed class WorkerActor : ReceiveActor
    {
        readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

        public WorkerActor(IReadOnlyList<DataSource> shards, string version)
        {
            var byName = shards.ToDictionary(s => s.Name);
            Receive<Hello>(hello => Sender.Tell(new Welcome(version,
                hello.Version == version ? null : $"runs {version}; the coordinator runs {hello.Version}: start both from the same release",
                shards[0].ColumnNames.ToArray(), shards[0].HasColumnNames, shards.Select(s => s.Name).ToArray())));
            Receive<Cancel>(cancel =>
            {
                if (_running.TryGetValue(cancel.Id, out var source)) source.Cancel();
            });
            Receive<ShardRequest>(request =>
            {
                var sender = Sender;
                var cancellation = _running.GetOrAdd(request.Id, _ => new CancellationTokenSource());
                Task.Run(() => Answer(byName, request, cancellation.Token)).PipeTo(sender);
                // Requests of one sweep share an id; its source is dropped once a later sweep's id arrives.
                foreach (var old in _running.Keys.Where(id => id < request.Id - 1)) _running.TryRemove(old, out _);
            });
        }

        static ShardAnswer Answer(Dictionary<string, DataSource> shards, ShardRequest request, CancellationToken cancellation)
        {
            if (!shards.TryGetValue(request.Shard, out var shard)) return new ShardAnswer(request.Id, request.Shard, [], "this worker holds no such shard");
            try
            {
                return new ShardAnswer(request.Id, request.Shard, ShardAnswers.Answer(shard, request.Question, request.Payload, cancellation), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return new ShardAnswer(request.Id, request.Shard, [], e.Message);
            }
        }
    }
}
