namespace ProbLatent.Numerics;

/// <summary>
/// Single-precision matrix products on row-major tensors: C = op(A) · op(B) (+ C when accumulating), where op
/// transposes or not. The three forms a network's forward and backward passes need are
/// A·B (forward, X·W), A·Bᵀ (gradient with respect to the input, dY·Wᵀ) and Aᵀ·B (gradient with respect to the
/// weights, Xᵀ·dY).
/// </summary>
/// <remarks>
/// Products are cache-blocked and computed in 6×16 tiles by an AVX2/FMA register-blocked kernel (a portable vector
/// kernel elsewhere), reading the operands in place where their layout allows and packing the rest, on the two
/// threads of <see cref="WorkerPair"/> from about 0.2 MFLOP (<see cref="GemmJob"/>). Results are reproducible bit
/// for bit: each element of C is summed in k order by one thread, whatever the split. C must not overlap A or B.
/// </remarks>
internal static class Gemm
{
    /// <summary>From this many floating-point operations (2·m·n·k) a product is split between two threads.</summary>
    internal const double ParallelThreshold = 200_000;

    /// <summary>C (m×n) = op(A) (m×k) · op(B) (k×n), or C += … when <paramref name="accumulate"/>.</summary>
    public static void Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, bool accumulate = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb) throw new ArgumentException($"inner dimensions differ: op(A) is {m}×{k}, op(B) is {kb}×{n}");
        if (c.Rows != m || c.Columns != n) throw new ArgumentException($"C is {c.Rows}×{c.Columns}, the product is {m}×{n}");
        Multiply(m, n, k, a.Span, a.Columns, transposeA, b.Span, b.Columns, transposeB, c.Span, n, accumulate);
    }

    /// <summary>
    /// C = op(A) · op(B), or C += … when <paramref name="accumulate"/>, on row-major storage with leading dimensions
    /// (the distance between consecutive rows as stored): op(A) is m×k, so A is stored m×k, or k×m when
    /// <paramref name="transposeA"/>; likewise B is stored k×n, or n×k; C is m×n. Blocks of larger matrices can
    /// be multiplied in place by passing their first element and the larger matrix's leading dimension.
    /// </summary>
    public static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB, Span<float> c, int ldc, bool accumulate = false) =>
        Multiply(m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, portable: false, parallel: true);

    /// <param name="portable">Uses the kernel of machines without AVX2/FMA even where they are present (tests).</param>
    /// <param name="parallel">False keeps the product on the calling thread (tests of reproducibility).</param>
    internal static unsafe void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB, Span<float> c, int ldc, bool accumulate, bool portable, bool parallel)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"a product cannot be {m}×{k} · {k}×{n}");
        CheckStorage(a, "A", transposeA ? k : m, transposeA ? m : k, lda);
        CheckStorage(b, "B", transposeB ? n : k, transposeB ? k : n, ldb);
        CheckStorage(c, "C", m, n, ldc);
        if (m == 0 || n == 0) return;
        var cUsed = c[..((m - 1) * ldc + n)];
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) cUsed.Slice(i * ldc, n).Clear();
            return;
        }
        if (cUsed.Overlaps(a) || cUsed.Overlaps(b)) throw new ArgumentException("C overlaps A or B: the product cannot be written in place");

        portable |= !GemmMicroKernel.Accelerated;
        parallel &= 2.0 * m * n * k >= ParallelThreshold;
        fixed (float* pa = a, pb = b, pc = c)
            GemmJob.ForThisThread.Multiply(pa, lda, transposeA, pb, ldb, transposeB, pc, ldc, m, n, k, accumulate, portable, parallel);
    }

    static void CheckStorage(ReadOnlySpan<float> storage, string name, int rows, int columns, int leading)
    {
        if (leading < Math.Max(columns, 1))
            throw new ArgumentOutOfRangeException(name, $"{name}: leading dimension {leading} is less than its {columns} columns");
        if (rows > 0 && columns > 0 && storage.Length < (long)(rows - 1) * leading + columns)
            throw new ArgumentException($"{name}: {storage.Length} values cannot hold {rows}×{columns} with leading dimension {leading}", name);
    }

    /// <summary>The plain triple loop, in double accumulators: the correctness reference for faster kernels.</summary>
    internal static void Reference(float[] a, int lda, bool transposeA, float[] b, int ldb, bool transposeB,
        float[] c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? c[i * ldc + j] : 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    s += (double)av * bv;
                }
                c[i * ldc + j] = (float)s;
            }
    }
}
