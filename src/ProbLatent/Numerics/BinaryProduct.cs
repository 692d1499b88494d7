using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProbLatent.Numerics;

/// <summary>
/// Products with a 0/1 matrix A, known by its <see cref="BinaryPattern"/>: A·B (a first layer's forward product on
/// binarized images) and Aᵀ·B (that layer's weight gradient). Each row of the result is the sum of the rows of B
/// that the ones select, so the work is proportional to the ones rather than to the size of A: on binarized MNIST,
/// where about one pixel in eight is set, these are the two largest products of a training step at a fraction of
/// their dense cost.
/// </summary>
/// <remarks>
/// Each element is summed in the same order as <see cref="Gemm"/> sums it (k ascending, from zero, then added to C
/// when accumulating), and adding a term of 1·b is the same single rounding as the fused multiply-add, while a term
/// of 0·b adds nothing: the results equal <see cref="Gemm"/>'s bit for bit (as long as k is not cut into blocks,
/// below 1024, and B is finite).
/// </remarks>
internal static class BinaryProduct
{
    /// <summary>The inner dimension below which the sums equal <see cref="Gemm"/>'s products bit for bit: Gemm's largest block of k.</summary>
    public const int ExactInnerLimit = GemmJob.MaxKc;

    // Accumulators of the kernel: eight vectors, so the adds of one selected row are independent.
    const int Unroll = 8;

    /// <summary>C (m×n) = A·B, or C += A·B, where A (m×k) is the 0/1 matrix of <paramref name="a"/> and B is k×n.</summary>
    public static void Multiply(BinaryPattern a, Tensor b, Tensor c, bool accumulate = false) => Multiply(a, b, c, accumulate, portable: false);

    /// <param name="portable">Sums the last columns without AVX's masks even where they are present (tests).</param>
    internal static void Multiply(BinaryPattern a, Tensor b, Tensor c, bool accumulate, bool portable)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckShapes(a.Rows, a.Columns, b, c, "A·B");
        Sums(new RowLists(a, ByColumn: false), a.Rows, b, c, accumulate, portable);
    }

    /// <summary>C (k×n) = Aᵀ·B, or C += Aᵀ·B, where A (m×k) is the 0/1 matrix of <paramref name="a"/> and B is m×n.</summary>
    public static void MultiplyTransposed(BinaryPattern a, Tensor b, Tensor c, bool accumulate = false) => MultiplyTransposed(a, b, c, accumulate, portable: false);

    /// <param name="portable">As for <see cref="Multiply(BinaryPattern, Tensor, Tensor, bool, bool)"/>.</param>
    internal static void MultiplyTransposed(BinaryPattern a, Tensor b, Tensor c, bool accumulate, bool portable)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckShapes(a.Columns, a.Rows, b, c, "Aᵀ·B");
        a.IndexColumns();
        Sums(new RowLists(a, ByColumn: true), a.Columns, b, c, accumulate, portable);
    }

    static void CheckShapes(int m, int k, Tensor b, Tensor c, string product)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (b.Rows != k) throw new ArgumentException($"{product}: the binary operand gives {m}×{k}, B is {b.Rows}×{b.Columns}");
        if (c.Rows != m || c.Columns != b.Columns) throw new ArgumentException($"{product}: C is {c.Rows}×{c.Columns}, the product is {m}×{b.Columns}");
    }

    /// <summary>The lists of selected rows of B, one per row of C: the pattern's rows, or its columns for the transpose.</summary>
    readonly record struct RowLists(BinaryPattern Pattern, bool ByColumn)
    {
        public ReadOnlySpan<int> Of(int row) => ByColumn ? Pattern.OnesOfColumn(row) : Pattern.OnesOfRow(row);
    }

    /// <remarks>
    /// The columns are cut into strips as wide as the kernel's eight accumulators, and each worker sums a strip over a block of
    /// rows before the next: B's strip (its rows × a few cache lines) stays in the core's cache while every row of the block
    /// reads it, where a row at a time across all the columns would stream the whole of B from memory for each row. The
    /// strips are units of work shared between the cores, each cut into blocks of rows when there are too few to share.
    /// </remarks>
    static void Sums(RowLists lists, int rows, Tensor b, Tensor c, bool accumulate, bool portable)
    {
        bool masked = !portable && MaskedRowSums.Supported;
        int n = b.Columns;
        if (rows == 0 || n == 0) return;
        int strips = (n + StripWidth - 1) / StripWidth;
        int rowBlocks = Math.Min(rows, (MinUnits + strips - 1) / strips), units = strips * rowBlocks;
        // Units in batches of about 16k float additions, so that claims between the cores stay rare.
        long workPerUnit = ((long)lists.Pattern.Count / units + 1) * Math.Min(n, StripWidth);
        int minBatch = (int)Math.Clamp(16_384 / workPerUnit, 1, units);
        WorkerPair.For(units, (lists, b, c, accumulate, rows, rowBlocks, masked), static (s, start, end) =>
        {
            for (int u = start; u < end; u++)
            {
                int strip = u / s.rowBlocks, block = u % s.rowBlocks;
                int from = (int)((long)block * s.rows / s.rowBlocks), to = (int)((long)(block + 1) * s.rows / s.rowBlocks);
                int j0 = strip * StripWidth, j1 = Math.Min(j0 + StripWidth, s.b.Columns);
                for (int i = from; i < to; i++) SumRows(s.lists.Of(i), s.b, s.c.Row(i), s.accumulate, j0, j1, s.masked);
            }
        }, minBatch);
    }

    /// <summary>The columns of a strip: one pass of the kernel's eight accumulators.</summary>
    static int StripWidth => Unroll * Vector<float>.Count;

    /// <summary>
    /// The units of work a product is cut into at least (when it has that many rows), so both cores share it evenly: with
    /// 500 columns, eight strips of 64 cut in two blocks of rows, so the core that finishes first waits at most for half a strip.
    /// </summary>
    const int MinUnits = 16;

    /// <summary>
    /// Columns [<paramref name="j0"/>, <paramref name="j1"/>) of c (=|+=) Σ over <paramref name="selected"/> of the rows of
    /// B, each element summed in the order of the list; a strip's last columns under <see cref="MaskedRowSums"/>' masks when
    /// <paramref name="masked"/>, else a vector and then a column at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void SumRows(ReadOnlySpan<int> selected, Tensor b, Span<float> c, bool accumulate, int j0, int j1, bool masked)
    {
        int n = c.Length, w = Vector<float>.Count, j = j0;
        fixed (float* pb = b.Data, pc = c)
        fixed (int* list = selected)
        {
            int count = selected.Length;
            for (; j + Unroll * w <= j1; j += Unroll * w)
            {
                Eight(list, count, pb, n, j, out var s0, out var s1, out var s2, out var s3, out var s4, out var s5, out var s6, out var s7);
                Store(pc + j, s0, accumulate);
                Store(pc + j + w, s1, accumulate);
                Store(pc + j + 2 * w, s2, accumulate);
                Store(pc + j + 3 * w, s3, accumulate);
                Store(pc + j + 4 * w, s4, accumulate);
                Store(pc + j + 5 * w, s5, accumulate);
                Store(pc + j + 6 * w, s6, accumulate);
                Store(pc + j + 7 * w, s7, accumulate);
            }
            if (masked && j1 - j > 4 * w && j1 >= Unroll * w)
            {
                // More than four vectors left: one pass of the eight accumulators over the strip's width ending at j1, the
                // columns before j summed again (the same sums) but only those from j stored.
                int from = j1 - Unroll * w;
                Eight(list, count, pb, n, from, out var s0, out var s1, out var s2, out var s3, out var s4, out var s5, out var s6, out var s7);
                StoreFrom(pc, from, s0, j, accumulate);
                StoreFrom(pc, from + w, s1, j, accumulate);
                StoreFrom(pc, from + 2 * w, s2, j, accumulate);
                StoreFrom(pc, from + 3 * w, s3, j, accumulate);
                StoreFrom(pc, from + 4 * w, s4, j, accumulate);
                StoreFrom(pc, from + 5 * w, s5, j, accumulate);
                StoreFrom(pc, from + 6 * w, s6, j, accumulate);
                StoreFrom(pc, from + 7 * w, s7, j, accumulate);
                return;
            }
            if (j < j1 && masked)
            {
                MaskedTail(list, count, pb, n, pc, j, j1, accumulate);
                return;
            }
            for (; j + w <= j1; j += w)
            {
                Vector<float> s = default;
                for (int t = 0; t < count; t++) s += Vector.Load(pb + (nint)list[t] * n + j);
                Store(pc + j, s, accumulate);
            }
            for (; j < j1; j++)
            {
                float s = 0;
                for (int t = 0; t < count; t++) s += pb[(nint)list[t] * n + j];
                pc[j] = accumulate ? pc[j] + s : s;
            }
        }
    }

    /// <summary>
    /// Columns [<paramref name="j"/>, <paramref name="end"/>), fewer than a strip, by <see cref="MaskedRowSums"/>: a pass
    /// over the list for each four vectors of columns, four accumulators at once, where column by column the sums would be
    /// chains as long as the list.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void MaskedTail(int* list, int count, float* pb, int n, float* pc, int j, int end, bool accumulate)
    {
        const int w = MaskedRowSums.Width;
        for (; j < end; j += 4 * w)
        {
            var masks = MaskedRowSums.Masks(j, end);
            var (s0, s1, s2, s3) = MaskedRowSums.Sums(pb, list, count, n, j, masks);
            MaskedStore(pc + j, masks.M0, s0, accumulate);
            MaskedStore(pc + j + w, masks.M1, s1, accumulate);
            MaskedStore(pc + j + 2 * w, masks.M2, s2, accumulate);
            MaskedStore(pc + j + 3 * w, masks.M3, s3, accumulate);
        }
    }

    /// <summary>Eight vectors of columns from <paramref name="j"/> on, each summed over the rows of B the list selects, in its order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Eight(int* list, int count, float* pb, int n, int j, out Vector<float> s0, out Vector<float> s1, out Vector<float> s2,
        out Vector<float> s3, out Vector<float> s4, out Vector<float> s5, out Vector<float> s6, out Vector<float> s7)
    {
        int w = Vector<float>.Count;
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = default;
        for (int t = 0; t < count; t++)
        {
            float* r = pb + (nint)list[t] * n + j;
            s0 += Vector.Load(r);
            s1 += Vector.Load(r + w);
            s2 += Vector.Load(r + 2 * w);
            s3 += Vector.Load(r + 3 * w);
            s4 += Vector.Load(r + 4 * w);
            s5 += Vector.Load(r + 5 * w);
            s6 += Vector.Load(r + 6 * w);
            s7 += Vector.Load(r + 7 * w);
        }
    }

    /// <summary>The lanes of the vector of columns from <paramref name="column"/> that are at or past <paramref name="from"/> (AVX's masks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void StoreFrom(float* c, int column, Vector<float> sum, int from, bool accumulate)
    {
        if (column >= from) Store(c + column, sum, accumulate);
        else if (column + Vector<float>.Count > from) MaskedStore(c + column, MaskedRowSums.From(column, from), sum.AsVector256(), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void MaskedStore(float* c, Vector256<float> mask, Vector256<float> sum, bool accumulate) =>
        Avx.MaskStore(c, mask, accumulate ? Avx.MaskLoad(c, mask) + sum : sum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* c, Vector<float> sum, bool accumulate) =>
        (accumulate ? Vector.Load(c) + sum : sum).Store(c);
}
