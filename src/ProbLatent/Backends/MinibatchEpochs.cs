namespace ProbLatent.Backends;

/// <summary>
/// The epochs of a minibatch trainer: each visits the rows in a new order from <c>shuffle</c>, in minibatches of up to
/// <c>batch</c> points (the last of an epoch may be smaller), and ends with the trainer's own report. Cancellation stops
/// before the next minibatch, and the epoch it stopped in does not count.
/// </summary>
internal static class MinibatchEpochs
{
    /// <param name="step">Trains on order[start…start + count): (start, count, epoch, minibatch), both from 1.</param>
    /// <param name="ended">Called after each complete epoch, with its number.</param>
    /// <returns>The epochs completed, and whether cancellation stopped them.</returns>
    public static (int Epochs, bool Cancelled) Run(int[] order, int batch, int epochs, Random shuffle, Action<int, int, int, int> step, Action<int> ended,
        CancellationToken cancellation)
    {
        int rows = order.Length, batches = (rows + batch - 1) / batch;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            shuffle.Shuffle(order);
            for (int b = 0; b < batches; b++)
            {
                if (cancellation.IsCancellationRequested) return (epoch - 1, true);
                int start = b * batch;
                step(start, Math.Min(batch, rows - start), epoch, b + 1);
            }
            ended(epoch);
        }
        return (epochs, false);
    }
}
