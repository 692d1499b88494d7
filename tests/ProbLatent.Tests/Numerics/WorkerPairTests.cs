using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class WorkerPairTests
{
    [Fact]
    public void For_covers_every_index_once_in_batches_of_at_least_the_minimum()
    {
        foreach (int count in new[] { 1, 7, 100, 10_000 })
            for (int run = 0; run < 50; run++)
            {
                var hits = new int[count];
                int batches = 0, shortBatches = 0;
                WorkerPair.For(count, hits, (h, start, end) =>
                {
                    Interlocked.Increment(ref batches);
                    if (end - start < 4 && end != count) Interlocked.Increment(ref shortBatches);
                    for (int i = start; i < end; i++) Interlocked.Increment(ref h[i]);
                }, minBatch: 4);
                Assert.All(hits, h => Assert.Equal(1, h));
                Assert.Equal(0, shortBatches);
                Assert.True(batches <= Math.Max(1, count / 4) + 1);
            }
    }

    /// <summary>Counts the items each participant claimed, each item a little spinning.</summary>
    sealed class Recording : IPairWork
    {
        public readonly SharedRange Range = new();
        public readonly int[] ByParticipant = new int[2];

        public void Run(int participant)
        {
            while (Range.TryClaim(out int start, out int end))
            {
                Thread.SpinWait(200 * (end - start));
                Interlocked.Add(ref ByParticipant[participant], end - start);
                Range.Complete(end - start);
            }
        }
    }

    [Fact]
    public void The_worker_thread_takes_part_when_there_is_a_second_core()
    {
        if (WorkerPair.Width == 1) return; // one core: the caller runs everything, as Width says
        // Another process (or another test's run) may hold the worker's core for a while, so the test allows many
        // runs; the worker joining any of them shows that the second core is used at all.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var work = new Recording();
            work.Range.Reset(2000, 10);
            WorkerPair.Run(work);
            Assert.Equal(2000, work.ByParticipant.Sum());
            if (work.ByParticipant[1] > 0) return;
            Thread.Sleep(10);
        }
        Assert.Fail("the worker thread took no batch of any run in 20 s");
    }

    [Fact]
    public void A_run_inside_a_run_is_done_by_its_caller_alone()
    {
        var outer = new int[64];
        WorkerPair.For(outer.Length, outer, (o, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var inner = new int[16];
                WorkerPair.For(inner.Length, inner, (h, s, e) => { for (int j = s; j < e; j++) h[j]++; });
                o[i] = inner.Sum();
            }
        });
        Assert.All(outer, v => Assert.Equal(16, v));
    }

    sealed class Failing(int failingParticipant) : IPairWork
    {
        public readonly SharedRange Range = new();

        public void Run(int participant)
        {
            while (Range.TryClaim(out int start, out int end))
            {
                // Fails on whichever participant claims the last items (the caller, when the worker never joins).
                if (end == Range.Count && (participant == failingParticipant || failingParticipant < 0))
                    throw new InvalidOperationException("boom");
                Range.Complete(end - start);
            }
            Range.WaitDone();
        }
    }

    [Fact]
    public void An_exception_in_a_run_reaches_the_caller_and_leaves_the_pair_usable()
    {
        var work = new Failing(-1);
        work.Range.Reset(1000, 10);
        Assert.Equal("boom", Assert.Throws<InvalidOperationException>(() => WorkerPair.Run(work)).Message);
        var hits = new int[100];
        WorkerPair.For(hits.Length, hits, (h, s, e) => { for (int i = s; i < e; i++) h[i]++; });
        Assert.All(hits, h => Assert.Equal(1, h));
    }
}
