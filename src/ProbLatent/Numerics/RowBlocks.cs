namespace ProbLatent.Numerics;

/// <summary>
/// Runs work over the rows of a data set in blocks, on all cores. Each block's partial sum is kept apart
/// and the blocks are added in order, so results do not depend on how threads were scheduled.
/// </summary>
internal static class RowBlocks
{
    /// <summary>Rows per block: large enough to amortise scheduling, small enough to balance two cores.</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>Calls <paramref name="body"/>(start, end) for consecutive blocks and returns the sum of what they return.</summary>
    public static double Sum(int rows, Func<int, int, double> body, int blockSize = DefaultBlockSize)
    {
        int blocks = (rows + blockSize - 1) / blockSize;
        if (blocks <= 1) return rows == 0 ? 0 : body(0, rows);
        var partial = new double[blocks];
        Parallel.For(0, blocks, b =>
        {
            int start = b * blockSize;
            partial[b] = body(start, Math.Min(rows, start + blockSize));
        });
        double total = 0;
        foreach (var p in partial) total += p;
        return total;
    }

    /// <summary>Like <see cref="Sum"/> for three partial sums at once (the terms of an ELBO), block by block, in order.</summary>
    public static (double A, double B, double C) Sum3(int rows, Func<int, int, (double, double, double)> body, int blockSize = DefaultBlockSize)
    {
        int blocks = (rows + blockSize - 1) / blockSize;
        var partial = new (double, double, double)[blocks];
        if (blocks == 1) partial[0] = body(0, rows);
        else
            Parallel.For(0, blocks, b =>
            {
                int start = b * blockSize;
                partial[b] = body(start, Math.Min(rows, start + blockSize));
            });
        double a = 0, bb = 0, c = 0;
        foreach (var (x, y, z) in partial) { a += x; bb += y; c += z; }
        return (a, bb, c);
    }

    /// <summary>
    /// Accumulates sums of length <paramref name="length"/> over row blocks: each block adds into its own zeroed
    /// array, and the arrays are added in block order into the result (sufficient statistics of an M step).
    /// </summary>
    public static double[] Accumulate(int rows, int length, Action<int, int, double[]> body, int blockSize = DefaultBlockSize) =>
        AccumulateInto(rows, new double[length], body, blockSize);

    /// <summary>
    /// <see cref="Accumulate"/> adding into <paramref name="total"/>, which a pass over a data source carries from one of its
    /// blocks to the next: each row block's sums are added to it in order, so blocks whose rows are a multiple of
    /// <paramref name="blockSize"/> give the sums of the rows held in one matrix, to the bit.
    /// </summary>
    public static double[] AccumulateInto(int rows, double[] total, Action<int, int, double[]> body, int blockSize = DefaultBlockSize)
    {
        int length = total.Length;
        int blocks = (rows + blockSize - 1) / blockSize;
        // Blocks go in waves whose partial sums stay within a bounded memory and are reused from one wave to the next:
        // sums as long as a K×d table for K = 500 would otherwise hold hundreds of megabytes per pass, freshly zeroed by
        // the system each time. Each block still starts from zeros and is added in block order, so the sums are the same.
        int wave = Math.Clamp(WaveDoubles / Math.Max(length, 1), 2, Math.Max(blocks, 2));
        var partial = new double[Math.Min(wave, blocks)][];
        for (int first = 0; first < blocks; first += wave)
        {
            int count = Math.Min(wave, blocks - first);
            // The pair of threads costs far less to start than Parallel.For, which matters for passes of a millisecond or less.
            WorkerPair.For(count, (partial, first, rows, length, body, blockSize), static (state, from, to) =>
            {
                for (int i = from; i < to; i++)
                {
                    int start = (state.first + i) * state.blockSize;
                    if (state.partial[i] is { } reused) Array.Clear(reused);
                    else state.partial[i] = new double[state.length];
                    state.body(start, Math.Min(state.rows, start + state.blockSize), state.partial[i]);
                }
            });
            for (int i = 0; i < count; i++)
            {
                var p = partial[i];
                for (int j = 0; j < length; j++) total[j] += p[j];
            }
        }
        return total;
    }

    /// <summary>The doubles one wave of <see cref="AccumulateInto"/>'s partial sums may hold (32 MB), unless two blocks need more.</summary>
    const int WaveDoubles = 1 << 22;
}
