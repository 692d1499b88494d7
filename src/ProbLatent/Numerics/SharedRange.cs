using System.Runtime.InteropServices;

namespace ProbLatent.Numerics;

/// <summary>
/// A range of work items 0…count−1 that the participants of a <see cref="WorkerPair"/> run claim in batches:
/// large ones first (a third of what is left), then smaller down to a minimum, so that two threads finish close
/// together with few claims, and a participant that arrives late or never simply leaves more to the other.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal sealed class SharedRange
{
    // Claimed and completed counts on their own cache lines: both participants write both.
    [FieldOffset(0)] int _count;
    [FieldOffset(4)] int _minBatch;
    [FieldOffset(64)] int _claimed;
    [FieldOffset(128)] int _completed;

    public int Count => _count;

    /// <summary>Starts over with <paramref name="count"/> items; only while no participant is using the range.</summary>
    public void Reset(int count, int minBatch = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _count = count;
        _minBatch = Math.Max(minBatch, 1);
        _claimed = 0;
        _completed = 0;
    }

    /// <summary>Takes the next batch [start, end); false when every item has been claimed.</summary>
    public bool TryClaim(out int start, out int end)
    {
        while (true)
        {
            int claimed = Volatile.Read(ref _claimed), left = _count - claimed;
            if (left <= 0)
            {
                start = end = _count;
                return false;
            }
            int batch = Math.Min(left, Math.Max(_minBatch, left / 3));
            if (Interlocked.CompareExchange(ref _claimed, claimed + batch, claimed) == claimed)
            {
                start = claimed;
                end = claimed + batch;
                return true;
            }
        }
    }

    /// <summary>Records that <paramref name="items"/> claimed items are finished.</summary>
    public void Complete(int items) => Interlocked.Add(ref _completed, items);

    public bool IsDone => Volatile.Read(ref _completed) >= _count;

    /// <summary>Waits until every item is finished: at most the batch another participant is working on.</summary>
    public void WaitDone() =>
        WorkerPair.WaitFor(this, static range => range.IsDone, "another participant of the run failed");
}
