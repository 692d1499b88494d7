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
