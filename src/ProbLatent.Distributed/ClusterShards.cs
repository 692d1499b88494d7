using Akka.Actor;
using ProbLatent.Backends.Shards;

namespace ProbLatent.Distributed;

/// <summary>
/// The shards of a cluster's workers as one data set (<see cref="IShardTransport"/>): the shards in the order of their names,
/// whichever worker holds them, each question asked of one worker holding the shard and the answers returned in shard order,
/// so the sums are the same whichever worker answers and whenever. A question ends only when every shard has answered.
/// </summary>
public sealed class ClusterShards : IShardTransport, IAsyncDisposable
{
    readonly ActorSystem _system;
    readonly ClusterOptions _options;
    readonly List<Worker> _workers;
    readonly string[] _shards;
    readonly HashSet<string> _lost = [];
    long _requests;

    sealed record Worker(string Address, IActorRef Actor, HashSet<string> Shards);

    ClusterShards(ActorSystem system, ClusterOptions options, List<Worker> workers, string[] shards, Welcome first)
    {
        _system = system;
        _options = options;
        _workers = workers;
        _shards = shards;
        ColumnNames = first.Columns;
        HasColumnNames = first.HasColumnNames;
    }

    /// <summary>The payload bytes the last sweep sent to the shards and received from them (each message adds a few dozen bytes of header).</summary>
    public (long Sent, long Received) LastSweepBytes { get; private set; }

    /// <summary>Told after each sweep the workers that answered it (HOST:PORT), for progress.</summary>
    public Action<IReadOnlyList<string>>? SweepAnswered { get; set; }

    public string Name => $"{_shards.Length} shards on workers {string.Join(", ", _workers.Select(w => w.Address))}";

    public IReadOnlyList<string> ColumnNames { get; }

    public bool HasColumnNames { get; }

    public int Shards => _shards.Length;

    /// <summary>Connects to every worker (HOST:PORT), checks its version and that its shards' columns are the first worker's.</summary>
    /// <exception cref="WorkerRefusedException">A worker does not answer, runs another version, or holds shards of other columns.</exception>
    public static async Task<ClusterShards> Connect(IReadOnlyList<string> workers, ClusterOptions options)
    {
        if (workers.Count == 0) throw new ArgumentException("a cluster fit needs at least one worker", nameof(workers));
        var system = Nodes.Start("127.0.0.1", 0);
        try
        {
            var connected = new List<Worker>();
            Welcome? first = null;
            string? firstAddress = null;
            foreach (var address in workers)
            {
                var welcome = await Handshake(system, address, options);
                if (welcome.Refusal is { } refusal) throw new WorkerRefusedException($"worker {address} refused the fit: it {refusal}");
                if (first is null) (first, firstAddress) = (welcome.Welcome, address);
                else if (!welcome.Welcome.Columns.SequenceEqual(first.Columns))
                    throw new WorkerRefusedException(
                        $"worker {address} holds shards ({string.Join(", ", welcome.Welcome.Shards)}) of the columns ({string.Join(", ", welcome.Welcome.Columns)}); " +
                        $"worker {firstAddress}'s are ({string.Join(", ", first.Columns)}): every shard of a fit has the same columns");
                connected.Add(new Worker(address, welcome.Actor, [.. welcome.Welcome.Shards]));
            }
            var shards = connected.SelectMany(w => w.Shards).Distinct().Order(StringComparer.Ordinal).ToArray();
            return new ClusterShards(system, options, connected, shards, first!);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    static async Task<(Welcome Welcome, IActorRef Actor, string? Refusal)> Handshake(ActorSystem system, string address, ClusterOptions options)
    {
        try
        {
            var actor = await system.ActorSelection($"akka.tcp://{Nodes.SystemName}@{address}{Nodes.WorkerPath}").ResolveOne(options.ConnectTimeout);
            var welcome = await actor.Ask<Welcome>(new Hello(Nodes.Version), options.ConnectTimeout);
            return (welcome, actor, welcome.Refusal);
        }
        catch (Exception e) when (e is ActorNotFoundException or AskTimeoutException or TimeoutException)
        {
            throw new WorkerRefusedException($"worker {address} did not answer within {options.ConnectTimeout.TotalSeconds:0.#} s: is `problatent worker --listen {address}` running there?");
        }
    }

    /// <summary>
    /// Asks every shard, each of the first worker still answering that holds it; a shard whose worker does not answer within
    /// the time-out is asked again of another that holds it, and when none does the question fails naming the lost workers
    /// and shards. Returns the answers' payloads in shard order.
    /// </summary>
    public IReadOnlyList<byte[]> Ask(ShardQuestion question, Func<int, byte[]> payload, CancellationToken cancellation)
    {
        long id = Interlocked.Increment(ref _requests);
        var answers = new byte[_shards.Length][];
        var pending = Enumerable.Range(0, _shards.Length).ToList();
        var answered = new SortedSet<string>(StringComparer.Ordinal);
        long sent = 0, received = 0;
        while (pending.Count > 0)
        {
            var asked = pending.Select(s => (Shard: s, Worker: HolderOf(_shards[s]))).ToArray();
            var requests = asked.Select(a => new ShardRequest(id, question, _shards[a.Shard], payload(a.Shard))).ToArray();
            sent += requests.Sum(r => (long)r.Payload.Length);
            var tasks = asked.Select((a, i) => a.Worker.Actor.Ask<ShardAnswer>(requests[i], _options.AnswerTimeout)).ToArray();
            try
            {
                Task.WhenAll(tasks).Wait(cancellation);
            }
            catch (OperationCanceledException)
            {
                foreach (var worker in asked.Select(a => a.Worker).Distinct()) worker.Actor.Tell(new Cancel(id));
                throw;
            }
            catch (AggregateException)
            {
                // Some asks timed out: their workers are lost, and the shards are asked again below.
            }
            pending.Clear();
            for (int i = 0; i < asked.Length; i++)
            {
                var (shard, worker) = asked[i];
                if (tasks[i].Status != TaskStatus.RanToCompletion)
                {
                    _lost.Add(worker.Address);
                    pending.Add(shard);
                    continue;
                }
                var answer = tasks[i].Result;
                if (answer.Error is { } error) throw new InvalidOperationException($"worker {worker.Address}, shard {_shards[shard]}: {error}");
                answers[shard] = answer.Payload;
                received += answer.Payload.Length;
                answered.Add(worker.Address);
            }
        }
        // An EM sweep, or a VMP sweep's one pass of its plate.
        if (question is ShardQuestion.Sweep or ShardQuestion.PlatePass)
        {
            LastSweepBytes = (sent, received);
            SweepAnswered?.Invoke(answered.ToArray());
        }
        return answers;
    }

    /// <summary>The first worker still answering that holds <paramref name="shard"/>, else the refusal naming what is lost.</summary>
    Worker HolderOf(string shard)
    {
        if (_workers.FirstOrDefault(w => !_lost.Contains(w.Address) && w.Shards.Contains(shard)) is { } worker) return worker;
        var lost = _shards.Where(s => !_workers.Any(w => !_lost.Contains(w.Address) && w.Shards.Contains(s))).ToArray();
        var workers = _lost.Order(StringComparer.Ordinal).ToArray();
        throw new ShardsLostException(
            $"worker {string.Join(", ", workers)} stopped answering (no answer within {_options.AnswerTimeout.TotalSeconds:0.#} s) and no other worker holds " +
            $"{(lost.Length == 1 ? "shard" : "shards")} {string.Join(", ", lost)}: the fit stops rather than leave their rows out", workers, lost);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
