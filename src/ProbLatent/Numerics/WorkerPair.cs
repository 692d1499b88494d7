using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ProbLatent.Numerics;

/// <summary>
/// Work that <see cref="WorkerPair"/> runs on the calling thread and, if it joins in time, on the worker thread.
/// Because the worker may join late or not at all (its core busy with another process), the work is not split in
/// fixed halves: each participant claims batches from <see cref="SharedRange"/>s until none are left, so the
/// caller alone finishes whatever the worker did not take.
/// </summary>
internal interface IPairWork
{
    /// <summary>Claims and does batches of the work until none are left; 0 is the caller, 1 the worker.</summary>
    void Run(int participant);
}

/// <summary>
/// The calling thread plus one persistent worker thread, for kernels of tens to hundreds of microseconds where
/// <see cref="Parallel.For(int, int, Action{int})"/> costs too much per call: the worker spins for a while after
/// each job, so joining one costs well under a microsecond while jobs keep coming, and it sleeps once they stop.
/// </summary>
/// <remarks>
/// One run at a time: a run started while another is in progress (on another thread, or from inside a run) has
/// the caller alone; so do runs for a while after the caller had to wait long for the worker, which happens when
/// another process keeps the worker's core busy and the scheduler switches the worker out in mid-batch. Work objects carry their own state, so a kernel that keeps one per thread allocates nothing
/// per call. Results are reproducible as long as each item's output is computed the same way whoever claims it.
/// </remarks>
internal static class WorkerPair
{
    // A network step calls a kernel every few tens of microseconds; spinning this long after the last job bridges
    // the gaps between them (the elementwise work of a layer, an optimizer step) without keeping a core busy once
    // the calls stop. Waking a sleeping worker costs tens of microseconds, as much as a whole small product.
    static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

    static readonly object StartLock = new();
    static readonly ManualResetEventSlim Wake = new(false);
    static Thread? s_worker;

    // A caller that waited this long for the worker (at least; or a tenth of the run) has seen the worker switched
    // out by the scheduler mid-batch: another process wants that core. Runs then stay on the caller alone for a
    // while, doubling from the first to the last cool-down while it keeps happening, then try the pair again.
    static readonly long StallTicks = Stopwatch.Frequency / 10_000; // 100 µs
    static readonly long FirstCooldown = Stopwatch.Frequency / 100, LastCooldown = Stopwatch.Frequency; // 10 ms, 1 s
    static long s_aloneUntil, s_cooldown = FirstCooldown;
    [ThreadStatic] static long t_waited;

    static IPairWork? s_work;
    static ExceptionDispatchInfo? s_workerError;
    // s_ticket: the open job's number, its negation once the worker has taken it, 0 when closed to the worker.
    static int s_busy, s_jobs, s_ticket, s_done, s_sleeping, s_failed;

    /// <summary>2 when the machine has a second core for the worker, else 1 (the caller then runs everything).</summary>
    public static int Width { get; } = Environment.ProcessorCount >= 2 ? 2 : 1;

    /// <summary>True once a participant of the current run has thrown: waits for its unfinished batch must stop.</summary>
    internal static bool Failed => Volatile.Read(ref s_failed) != 0;

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread, and on the worker if it is free and joins before the
    /// caller has finished; returns when every participant is done. An exception in either is rethrown here.
    /// </summary>
    public static void Run(IPairWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Width == 1 || Stopwatch.GetTimestamp() < Volatile.Read(ref s_aloneUntil) || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            work.Run(0);
            return;
        }
        try
        {
            EnsureWorker();
            long start = Stopwatch.GetTimestamp();
            t_waited = 0;
            s_work = work;
            s_workerError = null;
            s_failed = 0;
            int ticket = s_jobs = s_jobs == int.MaxValue ? 1 : s_jobs + 1;
            // A full fence: the fields above are visible before the ticket, and the read of s_sleeping cannot move
            // before the ticket is published (the worker does the mirror image before it sleeps).
            Interlocked.Exchange(ref s_ticket, ticket);
            if (Volatile.Read(ref s_sleeping) != 0) Wake.Set();

            Exception? callerError = null;
            try { work.Run(0); }
            catch (Exception e)
            {
                callerError = e;
                Volatile.Write(ref s_failed, 1);
            }

            // Close the job to a worker that has not taken it yet; if it has, wait until it is done.
            if (Interlocked.CompareExchange(ref s_ticket, 0, ticket) != ticket)
            {
                if (Volatile.Read(ref s_done) != ticket)
                {
                    long waitStart = Stopwatch.GetTimestamp();
                    var spinner = new SpinWait();
                    while (Volatile.Read(ref s_done) != ticket) spinner.SpinOnce(sleep1Threshold: -1);
                    t_waited += Stopwatch.GetTimestamp() - waitStart;
                }
                long end = Stopwatch.GetTimestamp();
                if (t_waited > Math.Max(StallTicks, (end - start) / 10))
                {
                    Volatile.Write(ref s_aloneUntil, end + s_cooldown);
                    s_cooldown = Math.Min(2 * s_cooldown, LastCooldown);
                }
                else s_cooldown = FirstCooldown;
            }
            if (callerError is not null && !(callerError is OperationCanceledException && s_workerError is not null))
                ExceptionDispatchInfo.Throw(callerError);
            s_workerError?.Throw();
        }
        finally
        {
            s_work = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Spins until <paramref name="isDone"/>(<paramref name="state"/>) holds: a participant waiting for work another one
    /// claimed (a batch, a packed panel). The time counts as waiting (see the cool-down above). Throws
    /// <see cref="OperationCanceledException"/> with <paramref name="failure"/> once a participant has failed, since the
    /// work it claimed will never be done. (The caller's wait for the worker in <see cref="Run"/> must not stop so: the
    /// worker always signals, and its exception is the one to report.)
    /// </summary>
    internal static void WaitFor<TState>(TState state, Func<TState, bool> isDone, string failure)
    {
        if (isDone(state)) return;
        long start = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (!isDone(state))
        {
            if (Failed) throw new OperationCanceledException(failure);
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        t_waited += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>
    /// Calls <paramref name="body"/>(state, start, end) on consecutive batches [start, end) that cover 0…count−1
    /// once each, on the calling thread and the worker, and returns when all are done. A static lambda and a
    /// state argument keep the call free of allocations after the first on each thread.
    /// </summary>
    /// <param name="minBatch">The smallest batch worth a claim: about a microsecond of work.</param>
    public static void For<TState>(int count, TState state, Action<TState, int, int> body, int minBatch = 1)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return;
        if (count <= minBatch)
        {
            body(state, 0, count);
            return;
        }
        // Taken out of the cache while in use, so that a body calling For again gets an instance of its own.
        var work = ForWork<TState>.Cached ?? new ForWork<TState>();
        ForWork<TState>.Cached = null;
        try
        {
            work.Range.Reset(count, minBatch);
            (work.State, work.Body) = (state, body);
            Run(work);
        }
        finally
        {
            (work.State, work.Body) = (default!, null);
            ForWork<TState>.Cached = work;
        }
    }

    sealed class ForWork<TState> : IPairWork
    {
        [ThreadStatic] public static ForWork<TState>? Cached;
        public readonly SharedRange Range = new();
        public TState State = default!;
        public Action<TState, int, int>? Body;

        public void Run(int participant)
        {
            while (Range.TryClaim(out int start, out int end))
            {
                Body!(State, start, end);
                Range.Complete(end - start);
            }
        }
    }

    static void EnsureWorker()
    {
        if (Volatile.Read(ref s_worker) is not null) return;
        lock (StartLock)
        {
            if (s_worker is not null) return;
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = "ProbLatent pair worker" };
            thread.Start();
            Volatile.Write(ref s_worker, thread);
        }
    }

    static void WorkerLoop()
    {
        while (true)
        {
            int ticket = WaitForTicket();
            if (Interlocked.CompareExchange(ref s_ticket, -ticket, ticket) != ticket) continue; // closed meanwhile
            try { s_work!.Run(1); }
            catch (Exception e)
            {
                s_workerError = ExceptionDispatchInfo.Capture(e);
                Volatile.Write(ref s_failed, 1);
            }
            Volatile.Write(ref s_done, ticket);
        }
    }

    static int WaitForTicket()
    {
        long spinStart = Stopwatch.GetTimestamp();
        int jobs = Volatile.Read(ref s_jobs);
        while (true)
        {
            int ticket = Volatile.Read(ref s_ticket);
            if (ticket > 0) return ticket;
            // Jobs published meanwhile, even ones finished before this thread saw them (it may have been switched
            // out), mean the caller is still busy: the spin starts over rather than ending in a sleep.
            if (Volatile.Read(ref s_jobs) != jobs)
            {
                jobs = Volatile.Read(ref s_jobs);
                spinStart = Stopwatch.GetTimestamp();
            }
            if (Stopwatch.GetTimestamp() - spinStart < SpinTicks)
            {
                Thread.SpinWait(1);
                continue;
            }
            // Reset before announcing sleep so that a Set from here on is not lost; a stale Set from an earlier
            // job only costs one extra turn of the loop.
            Wake.Reset();
            Interlocked.Exchange(ref s_sleeping, 1);
            if (Volatile.Read(ref s_ticket) <= 0) Wake.Wait();
            Volatile.Write(ref s_sleeping, 0);
            spinStart = Stopwatch.GetTimestamp();
        }
    }
}
