using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// The contrastive trainer's update by momentum and weight decay, vectorised and on both cores: the velocities of the
/// biases and weights from the minibatch's gradients, and with the weights' velocity the weights it would make, in a
/// second array, and whether every one of them is finite (the trainer adopts them only if so). Writing them there in the
/// same pass, rather than into the weights after, reads W and its velocity once a step, and a refused update leaves the
/// weights as they were without a copy. Each element is computed as one at a time would compute it.
/// </summary>
internal static class MomentumUpdate
{
    /// <summary>
    /// velocity = momentum · velocity + rate · Σᵣ (a − b)ᵣ over the first <paramref name="rows"/> rows (Σᵣ aᵣ without
    /// <paramref name="b"/>), each column's sum taking the rows in order; the sums are kept in <paramref name="sums"/> (at
    /// least a row long) while the rows are read one after another, rather than down each column. Blocks of columns are
    /// shared between the cores.
    /// </summary>
    public static void BiasVelocity(float[] a, float[]? b, int rows, float[] velocity, float[] sums, float momentum, float rate) =>
        WorkerPair.For((velocity.Length + BiasBlock - 1) / BiasBlock, (a, b, rows, velocity, sums, momentum, rate), static (s, start, end) =>
        {
            int from = start * BiasBlock, to = Math.Min(end * BiasBlock, s.velocity.Length);
            BiasColumns(s.a, s.b, s.rows, s.velocity, s.sums, s.momentum, s.rate, from, to);
        });

    // Columns a block: a multiple of the vector width, so that blocks split no vector and the last one holds the scalar tail.
    const int BiasBlock = 128;

    /// <summary>Columns [<paramref name="from"/>, <paramref name="to"/>) of <see cref="BiasVelocity"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BiasColumns(float[] a, float[]? b, int rows, float[] velocity, float[] sums, float momentum, float rate, int from, int to)
    {
        int columns = velocity.Length, width = to - from, w = Vector<float>.Count;
        var g = sums.AsSpan(from, width);
        g.Clear();
        for (int r = 0; r < rows; r++)
        {
            var x = a.AsSpan(r * columns + from, width);
            int j = 0;
            if (b is null)
            {
                for (; j + w <= width; j += w) (new Vector<float>(g.Slice(j)) + new Vector<float>(x.Slice(j))).CopyTo(g.Slice(j));
                for (; j < width; j++) g[j] += x[j];
                continue;
            }
            var y = b.AsSpan(r * columns + from, width);
            for (; j + w <= width; j += w)
                (new Vector<float>(g.Slice(j)) + (new Vector<float>(x.Slice(j)) - new Vector<float>(y.Slice(j)))).CopyTo(g.Slice(j));
            for (; j < width; j++) g[j] += x[j] - y[j];
        }
        var v = velocity.AsSpan(from, width);
        int k = 0;
        for (; k + w <= width; k += w)
            (momentum * new Vector<float>(v.Slice(k)) + rate * new Vector<float>(g.Slice(k))).CopyTo(v.Slice(k));
        for (; k < width; k++) v[k] = momentum * v[k] + rate * g[k];
    }

    /// <summary>
    /// velocity = momentum · velocity + rate · (the ones of A's column − those of B's), column by column: the velocity of
    /// the visible biases from the data's and the sample's patterns (column-indexed). A sum of 0s and ±1s is exact in
    /// floats, so this is <see cref="BiasVelocity"/> of the two matrices to the bit.
    /// </summary>
    public static void CountVelocity(BinaryPattern a, BinaryPattern b, float[] velocity, float momentum, float rate)
    {
        for (int i = 0; i < velocity.Length; i++)
            velocity[i] = momentum * velocity[i] + rate * (float)(a.OnesOfColumn(i).Length - b.OnesOfColumn(i).Length);
    }

    /// <summary>
    /// What the fused <see cref="WeightVelocity(BinaryPattern, Tensor, BinaryPattern, Tensor, Tensor, float[], float[], float[], float, float, float, bool[], bool)"/>
    /// reads, on both cores: both patterns indexed by column, <paramref name="pq"/> (p(h | vₖ)) negated in place into Q,
    /// and <paramref name="difference"/> = P + Q, row by row.
    /// </summary>
    public static void Prepare(BinaryPattern a, Tensor p, BinaryPattern b, Tensor pq, Tensor difference) =>
        // Two halves, each a column index (a counting sort) and half of the rows of Q and D.
        WorkerPair.For(2, (a, p, b, pq, difference), static (s, from, to) =>
        {
            int n = s.p.Columns, rows = s.p.Rows;
            for (int half = from; half < to; half++)
            {
                (half == 0 ? s.a : s.b).IndexColumns();
                int r0 = half * rows / 2, r1 = (half + 1) * rows / 2;
                var q = s.pq.Span.Slice(r0 * n, (r1 - r0) * n);
                System.Numerics.Tensors.TensorPrimitives.Negate(q, q);
                System.Numerics.Tensors.TensorPrimitives.Add(s.p.Span.Slice(r0 * n, (r1 - r0) * n), q, s.difference.Span.Slice(r0 * n, (r1 - r0) * n));
            }
        }, minBatch: 1);

    /// <summary>
    /// velocity = momentum · velocity + rate · gradient − shrink · weights and next = weights + velocity for every weight,
    /// by rows of <paramref name="columns"/> on both cores; whether every one of next is finite (<paramref name="nonFinite"/>,
    /// one flag either core may set). Without momentum the velocities are left as they were, neither read nor written.
    /// </summary>
    public static bool WeightVelocity(float[] weights, float[] gradient, float[] velocity, float[] next, int columns, float momentum, float rate, float shrink, bool[] nonFinite)
    {
        nonFinite[0] = false;
        WorkerPair.For(weights.Length / columns, (weights, gradient, velocity, next, columns, momentum, rate, shrink, nonFinite), static (s, start, end) =>
        {
            bool finite = true;
            for (int i = start; i < end; i++)
                finite &= RowVelocity(s.weights.AsSpan(i * s.columns, s.columns), s.gradient.AsSpan(i * s.columns, s.columns),
                    s.velocity.AsSpan(i * s.columns, s.columns), s.next.AsSpan(i * s.columns, s.columns), s.momentum, s.rate, s.shrink);
            if (!finite) s.nonFinite[0] = true;
        }, minBatch: 16);
        return !nonFinite[0];
    }

    /// <summary>One row of <see cref="WeightVelocity(float[], float[], float[], float[], int, float, float, float, bool[])"/>; whether its next weights are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe bool RowVelocity(ReadOnlySpan<float> weights, ReadOnlySpan<float> gradient, Span<float> velocity, Span<float> next, float momentum, float rate, float shrink)
    {
        int w = Vector<float>.Count, j = 0;
        var ok = Vector<float>.Zero;
        fixed (float* pw = weights, pg = gradient, pv = velocity, pn = next)
            for (; j + w <= weights.Length; j += w)
                ok |= Step(pw + j, pv + j, pn + j, Vector.Load(pg + j), momentum, rate, shrink);
        bool finite = Vector.EqualsAll(ok, Vector<float>.Zero);
        for (; j < weights.Length; j++)
        {
            float v = momentum * (momentum != 0 ? velocity[j] : 0) + rate * gradient[j] - shrink * weights[j];
            if (momentum != 0) velocity[j] = v;
            next[j] = weights[j] + v;
            finite &= float.IsFinite(next[j]);
        }
        return finite;
    }

    public static int FirstNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>
    /// <see cref="WeightVelocity(float[], float[], float[], float[], int, float, float, float, bool[])"/> with the gradient
    /// Aᵀ·P + Bᵀ·Q of two binary matrices (the data and the sampled vₖ, by their patterns) and P, Q (p(h | v₀) and
    /// −p(h | vₖ)) taken row by row of W as it goes, never stored. Where a visible unit is on in both a data row and its
    /// sample (most of its ones, once the machine reconstructs the data) the two rows' terms come as one, the row of
    /// D = P + Q (<paramref name="difference"/>, filled here), so each row of W reads |A ∪ B| rows rather than |A| + |B|:
    /// each gradient element is the sum, from zero, of P's rows where only A is one, then D's where both are, then Q's
    /// where only B is, each list in increasing order of row. The patterns must be indexed by column and D filled (<see cref="Prepare"/>).
    /// </summary>
    /// <param name="portable">Takes a row's last columns without AVX's masks even where they are present (tests).</param>
    public static bool WeightVelocity(BinaryPattern a, Tensor p, BinaryPattern b, Tensor q, Tensor difference, float[] weights, float[] velocity, float[] next,
        float momentum, float rate, float shrink, bool[] nonFinite, bool portable = false)
    {
        // A row's three lists go on the stack, each at most as long as P has rows, which the trainer's sparse products keep to 1024.
        if (p.Rows > BinaryProduct.ExactInnerLimit)
            throw new ArgumentException($"MomentumUpdate: {p.Rows} rows, more than the fused update's {BinaryProduct.ExactInnerLimit}", nameof(p));
        bool masked = !portable && MaskedRowSums.Supported;
        nonFinite[0] = false;
        WorkerPair.For(a.Columns, (a, p, b, q, difference, weights, velocity, next, (momentum, rate, shrink, nonFinite, masked)), static (s, start, end) =>
        {
            bool finite = true;
            int n = s.p.Columns;
            var (momentum, rate, shrink, nonFinite, masked) = s.Item9;
            Span<int> lists = stackalloc int[3 * s.p.Rows];
            for (int i = start; i < end; i++)
            {
                var rows = RowLists.Of(s.a.OnesOfColumn(i), s.b.OnesOfColumn(i), lists);
                finite &= FusedRow(rows, s.p.Data, s.difference.Data, s.q.Data, s.weights.AsSpan(i * n, n),
                    s.velocity.AsSpan(i * n, n), s.next.AsSpan(i * n, n), momentum, rate, shrink, masked);
            }
            if (!finite) nonFinite[0] = true;
        }, minBatch: 4);
        return !nonFinite[0];
    }

    /// <summary>The rows of a gradient row's three sums, each in increasing order: where only A is one (P's rows), where both are (D's), where only B is (Q's).</summary>
    internal readonly ref struct RowLists(ReadOnlySpan<int> onlyA, ReadOnlySpan<int> both, ReadOnlySpan<int> onlyB)
    {
        public readonly ReadOnlySpan<int> OnlyA = onlyA, Both = both, OnlyB = onlyB;

        /// <summary>Merges two increasing lists of rows, into <paramref name="buffer"/>'s three thirds (each at least as long as a list can be).</summary>
        public static RowLists Of(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> buffer)
        {
            int third = buffer.Length / 3;
            Span<int> onlyA = buffer.Slice(0, third), both = buffer.Slice(third, third), onlyB = buffer.Slice(2 * third, third);
            int x = 0, y = 0, na = 0, nd = 0, nb = 0;
            // Without branches on the comparison, which follows the data and would be mispredicted about every other row:
            // each step writes its row to all three lists and advances only the counts that take it.
            while (x < a.Length && y < b.Length)
            {
                int ra = a[x], rb = b[y];
                int less = ra < rb ? 1 : 0, greater = ra > rb ? 1 : 0;
                onlyA[na] = ra;
                both[nd] = ra;
                onlyB[nb] = rb;
                na += less;
                nb += greater;
                nd += 1 - less - greater;
                x += 1 - greater;
                y += 1 - less;
            }
            for (; x < a.Length; x++) onlyA[na++] = a[x];
            for (; y < b.Length; y++) onlyB[nb++] = b[y];
            return new RowLists(onlyA.Slice(0, na), both.Slice(0, nd), onlyB.Slice(0, nb));
        }
    }

    /// <summary>
    /// One row of W's velocities from the rows of P, D and Q that its lists select, the sums kept in registers: eight
    /// vectors of columns a pass over the lists (each pass pays the lists' indexes and loop exits once), then four, the
    /// last columns under <see cref="MaskedRowSums"/>' masks when <paramref name="masked"/>, else a vector and then a column at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe bool FusedRow(RowLists rows, float[] p, float[] d, float[] q, Span<float> weights, Span<float> velocity,
        Span<float> next, float momentum, float rate, float shrink, bool masked)
    {
        int n = weights.Length, w = Vector<float>.Count, j = 0;
        var ok = Vector<float>.Zero;
        bool finite = true;
        fixed (float* pp = p, pd = d, pq = q, pw = weights, pv = velocity, pn = next)
        fixed (int* list = rows.OnlyA, ld = rows.Both, lb = rows.OnlyB)
        {
            int ca = rows.OnlyA.Length, cd = rows.Both.Length, cb = rows.OnlyB.Length;
            for (; j + 8 * w <= n; j += 8 * w)
            {
                var (s0, s1, s2, s3, s4, s5, s6, s7) = (Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero,
                    Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero);
                for (int t = 0; t < ca; t++) AddEight(pp + (nint)list[t] * n + j, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                for (int t = 0; t < cd; t++) AddEight(pd + (nint)ld[t] * n + j, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                for (int t = 0; t < cb; t++) AddEight(pq + (nint)lb[t] * n + j, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                ok |= Step(pw + j, pv + j, pn + j, s0, momentum, rate, shrink);
                ok |= Step(pw + j + w, pv + j + w, pn + j + w, s1, momentum, rate, shrink);
                ok |= Step(pw + j + 2 * w, pv + j + 2 * w, pn + j + 2 * w, s2, momentum, rate, shrink);
                ok |= Step(pw + j + 3 * w, pv + j + 3 * w, pn + j + 3 * w, s3, momentum, rate, shrink);
                ok |= Step(pw + j + 4 * w, pv + j + 4 * w, pn + j + 4 * w, s4, momentum, rate, shrink);
                ok |= Step(pw + j + 5 * w, pv + j + 5 * w, pn + j + 5 * w, s5, momentum, rate, shrink);
                ok |= Step(pw + j + 6 * w, pv + j + 6 * w, pn + j + 6 * w, s6, momentum, rate, shrink);
                ok |= Step(pw + j + 7 * w, pv + j + 7 * w, pn + j + 7 * w, s7, momentum, rate, shrink);
            }
            if (masked && n - j > 4 * w && n >= 8 * w)
            {
                // More than four vectors left: one pass of eight over the row's last eight vectors, the columns before j
                // summed again (the same sums) but only those from j updated.
                int from = n - 8 * w;
                var (s0, s1, s2, s3, s4, s5, s6, s7) = (Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero,
                    Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero);
                for (int t = 0; t < ca; t++) AddEight(pp + (nint)list[t] * n + from, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                for (int t = 0; t < cd; t++) AddEight(pd + (nint)ld[t] * n + from, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                for (int t = 0; t < cb; t++) AddEight(pq + (nint)lb[t] * n + from, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                var tail = StepFrom(pw, pv, pn, from, s0, j, momentum, rate, shrink) | StepFrom(pw, pv, pn, from + w, s1, j, momentum, rate, shrink)
                    | StepFrom(pw, pv, pn, from + 2 * w, s2, j, momentum, rate, shrink) | StepFrom(pw, pv, pn, from + 3 * w, s3, j, momentum, rate, shrink)
                    | StepFrom(pw, pv, pn, from + 4 * w, s4, j, momentum, rate, shrink) | StepFrom(pw, pv, pn, from + 5 * w, s5, j, momentum, rate, shrink)
                    | StepFrom(pw, pv, pn, from + 6 * w, s6, j, momentum, rate, shrink) | StepFrom(pw, pv, pn, from + 7 * w, s7, j, momentum, rate, shrink);
                return Vector.EqualsAll(ok | tail.AsVector(), Vector<float>.Zero);
            }
            for (; j + 4 * w <= n; j += 4 * w)
            {
                var (s0, s1, s2, s3) = Add(pq, lb, cb, n, j, Add(pd, ld, cd, n, j, Add(pp, list, ca, n, j, default)));
                ok |= Step(pw + j, pv + j, pn + j, s0, momentum, rate, shrink);
                ok |= Step(pw + j + w, pv + j + w, pn + j + w, s1, momentum, rate, shrink);
                ok |= Step(pw + j + 2 * w, pv + j + 2 * w, pn + j + 2 * w, s2, momentum, rate, shrink);
                ok |= Step(pw + j + 3 * w, pv + j + 3 * w, pn + j + 3 * w, s3, momentum, rate, shrink);
            }
            if (j < n && masked)
                return MaskedTail(pp, list, ca, pd, ld, cd, pq, lb, cb, n, j, pw, pv, pn, momentum, rate, shrink) && Vector.EqualsAll(ok, Vector<float>.Zero);
            for (; j + w <= n; j += w)
            {
                Vector<float> sum = default;
                for (int t = 0; t < ca; t++) sum += Vector.Load(pp + (nint)list[t] * n + j);
                for (int t = 0; t < cd; t++) sum += Vector.Load(pd + (nint)ld[t] * n + j);
                for (int t = 0; t < cb; t++) sum += Vector.Load(pq + (nint)lb[t] * n + j);
                ok |= Step(pw + j, pv + j, pn + j, sum, momentum, rate, shrink);
            }
            if (j < n)
            {
                Span<float> gradient = stackalloc float[n - j];
                for (int c = 0; c < gradient.Length; c++)
                {
                    float sum = 0;
                    for (int t = 0; t < ca; t++) sum += pp[(nint)list[t] * n + j + c];
                    for (int t = 0; t < cd; t++) sum += pd[(nint)ld[t] * n + j + c];
                    for (int t = 0; t < cb; t++) sum += pq[(nint)lb[t] * n + j + c];
                    gradient[c] = sum;
                }
                finite = RowVelocity(weights.Slice(j), gradient, velocity.Slice(j), next.Slice(j), momentum, rate, shrink);
            }
        }
        return finite && Vector.EqualsAll(ok, Vector<float>.Zero);
    }

    /// <summary>
    /// The row's last columns from <paramref name="j"/> on (fewer than four vectors) by <see cref="MaskedRowSums"/>, in one
    /// pass over each list as a block of four vectors is; whether the next weights are finite.
    /// </summary>
    static unsafe bool MaskedTail(float* p, int* onlyA, int ca, float* d, int* both, int cd, float* q, int* onlyB, int cb, int n, int j,
        float* weights, float* velocity, float* next, float momentum, float rate, float shrink)
    {
        const int w = MaskedRowSums.Width;
        var masks = MaskedRowSums.Masks(j, n);
        var (s0, s1, s2, s3) = MaskedRowSums.Add(q, onlyB, cb, n, j, masks,
            MaskedRowSums.Add(d, both, cd, n, j, masks, MaskedRowSums.Sums(p, onlyA, ca, n, j, masks)));
        var ok = MaskedStep(weights + j, velocity + j, next + j, s0, masks.M0, momentum, rate, shrink)
            | MaskedStep(weights + j + w, velocity + j + w, next + j + w, s1, masks.M1, momentum, rate, shrink)
            | MaskedStep(weights + j + 2 * w, velocity + j + 2 * w, next + j + 2 * w, s2, masks.M2, momentum, rate, shrink)
            | MaskedStep(weights + j + 3 * w, velocity + j + 3 * w, next + j + 3 * w, s3, masks.M3, momentum, rate, shrink);
        return Vector256.EqualsAll(ok, Vector256<float>.Zero);
    }

    /// <summary>
    /// <see cref="Step"/> for the lanes of the vector of columns from <paramref name="column"/> that are at or past
    /// <paramref name="from"/> (under a mask where the vector straddles it, none where it ends before); 0 in the others.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector256<float> StepFrom(float* weights, float* velocity, float* next, int column, Vector<float> gradient, int from,
        float momentum, float rate, float shrink)
    {
        if (column >= from) return Step(weights + column, velocity + column, next + column, gradient, momentum, rate, shrink).AsVector256();
        if (column + Vector<float>.Count <= from) return Vector256<float>.Zero;
        return MaskedStep(weights + column, velocity + column, next + column, gradient.AsVector256(), MaskedRowSums.From(column, from), momentum, rate, shrink);
    }

    /// <summary><see cref="Step"/> under a mask: lanes outside it neither read nor written, and 0 in the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector256<float> MaskedStep(float* weights, float* velocity, float* next, Vector256<float> gradient, Vector256<float> mask,
        float momentum, float rate, float shrink)
    {
        var weight = Avx.MaskLoad(weights, mask);
        var v = Velocity(momentum != 0 ? Avx.MaskLoad(velocity, mask).AsVector() : Vector<float>.Zero, gradient.AsVector(), weight.AsVector(), momentum, rate, shrink).AsVector256();
        if (momentum != 0) Avx.MaskStore(velocity, mask, v);
        var sum = weight + v;
        Avx.MaskStore(next, mask, sum);
        return sum - sum;
    }

    /// <summary>Eight vectors from <paramref name="row"/> on added to the eight sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void AddEight(float* row, ref Vector<float> s0, ref Vector<float> s1, ref Vector<float> s2, ref Vector<float> s3,
        ref Vector<float> s4, ref Vector<float> s5, ref Vector<float> s6, ref Vector<float> s7)
    {
        int w = Vector<float>.Count;
        s0 += Vector.Load(row);
        s1 += Vector.Load(row + w);
        s2 += Vector.Load(row + 2 * w);
        s3 += Vector.Load(row + 3 * w);
        s4 += Vector.Load(row + 4 * w);
        s5 += Vector.Load(row + 5 * w);
        s6 += Vector.Load(row + 6 * w);
        s7 += Vector.Load(row + 7 * w);
    }

    /// <summary><paramref name="sums"/> plus four vectors from column j on of the rows of B that the list selects, added in the list's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe (Vector<float>, Vector<float>, Vector<float>, Vector<float>) Add(float* b, int* list, int count, int n, int j,
        (Vector<float>, Vector<float>, Vector<float>, Vector<float>) sums)
    {
        int w = Vector<float>.Count;
        var (s0, s1, s2, s3) = sums;
        for (int t = 0; t < count; t++)
        {
            float* r = b + (nint)list[t] * n + j;
            s0 += Vector.Load(r);
            s1 += Vector.Load(r + w);
            s2 += Vector.Load(r + 2 * w);
            s3 += Vector.Load(r + 3 * w);
        }
        return (s0, s1, s2, s3);
    }

    /// <summary>
    /// velocity = momentum · velocity + rate · gradient − shrink · weights and next = weights + velocity for one vector; 0
    /// where next is finite, NaN where not. Without momentum the velocity is neither read nor stored: it would carry
    /// nothing (0 · v is a zero, and no sum here is −0), so the next weights are the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector<float> Step(float* weights, float* velocity, float* next, Vector<float> gradient, float momentum, float rate, float shrink)
    {
        var weight = Vector.Load(weights);
        var v = Velocity(momentum != 0 ? Vector.Load(velocity) : Vector<float>.Zero, gradient, weight, momentum, rate, shrink);
        if (momentum != 0) v.Store(velocity);
        var sum = weight + v;
        sum.Store(next);
        return sum - sum;
    }

    /// <summary>momentum · velocity + rate · gradient − shrink · weight, the velocity's update, for every vector path alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> Velocity(Vector<float> velocity, Vector<float> gradient, Vector<float> weight, float momentum, float rate, float shrink) =>
        momentum * velocity + rate * gradient - shrink * weight;
}
