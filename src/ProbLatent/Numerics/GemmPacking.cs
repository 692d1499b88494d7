using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProbLatent.Numerics;

/// <summary>
/// Copies panels of op(A) and op(B) into the contiguous layout <see cref="GemmMicroKernel"/> reads when it cannot
/// read them in place: 6 rows of op(A) interleaved per k, 16 columns of op(B) per k, zero-padded past the edge of
/// the matrix so that edge tiles run the same kernel. Transposed B, always packed, is transposed in 8×8 blocks of
/// AVX shuffles; every layout has a scalar loop too, for edges and for machines (or tests) without AVX.
/// </summary>
static unsafe class GemmPacking
{
    const int MR = GemmMicroKernel.Rows, NR = GemmMicroKernel.Columns;

    /// <summary>dst[p·6 + r] = op(A)[i0 + r, p0 + p] for p &lt; kc, r &lt; rows (≤ 6); 0 for r ≥ rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelOfA(float* a, nint lda, bool transposed, int i0, int rows, int p0, int kc, float* dst, bool scalar)
    {
        if (transposed)
        {
            // op(A)[i, p] = a[p·lda + i]: the 6 values of one k are contiguous.
            float* src = a + p0 * lda + i0;
            if (rows == MR && !scalar)
                for (int p = 0; p < kc; p++, src += lda, dst += MR)
                {
                    Vector128.Load(src).Store(dst);
                    *(long*)(dst + 4) = *(long*)(src + 4);
                }
            else
                for (int p = 0; p < kc; p++, src += lda, dst += MR)
                    for (int r = 0; r < MR; r++) dst[r] = r < rows ? src[r] : 0f;
            return;
        }
        // op(A)[i, p] = a[i·lda + p]: rows are read in place except at the edge, so this stays scalar.
        float* row = a + i0 * lda + p0;
        for (int r = 0; r < MR; r++, row += lda)
        {
            if (r < rows)
                for (int p = 0; p < kc; p++) dst[p * MR + r] = row[p];
            else
                for (int p = 0; p < kc; p++) dst[p * MR + r] = 0f;
        }
    }

    /// <summary>dst[p·16 + j] = op(B)[p0 + p, j0 + j] for p &lt; kc, j &lt; columns (≤ 16); 0 for j ≥ columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PanelOfB(float* b, nint ldb, bool transposed, int p0, int kc, int j0, int columns, float* dst, bool scalar)
    {
        if (!transposed)
        {
            // op(B)[p, j] = b[p·ldb + j]: the 16 values of one k are contiguous.
            float* src = b + p0 * ldb + j0;
            if (columns == NR && !scalar)
                for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                {
                    Vector256.Load(src).Store(dst);
                    Vector256.Load(src + 8).Store(dst + 8);
                }
            else
                for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                    for (int j = 0; j < NR; j++) dst[j] = j < columns ? src[j] : 0f;
            return;
        }
        // op(B)[p, j] = b[j·ldb + p]: each column of op(B) is a contiguous row of b.
        float* col = b + j0 * ldb + p0;
        int p8 = 0;
        if (columns == NR && Avx.IsSupported && !scalar)
            for (; p8 + 8 <= kc; p8 += 8)
                for (int half = 0; half < NR; half += 8)
                {
                    float* s = col + half * ldb + p8;
                    Transpose8x8(
                        Avx.LoadVector256(s), Avx.LoadVector256(s + ldb), Avx.LoadVector256(s + 2 * ldb), Avx.LoadVector256(s + 3 * ldb),
                        Avx.LoadVector256(s + 4 * ldb), Avx.LoadVector256(s + 5 * ldb), Avx.LoadVector256(s + 6 * ldb), Avx.LoadVector256(s + 7 * ldb),
                        out var k0, out var k1, out var k2, out var k3, out var k4, out var k5, out var k6, out var k7);
                    float* d = dst + p8 * NR + half;
                    Avx.Store(d, k0);
                    Avx.Store(d + NR, k1);
                    Avx.Store(d + 2 * NR, k2);
                    Avx.Store(d + 3 * NR, k3);
                    Avx.Store(d + 4 * NR, k4);
                    Avx.Store(d + 5 * NR, k5);
                    Avx.Store(d + 6 * NR, k6);
                    Avx.Store(d + 7 * NR, k7);
                }
        for (int j = 0; j < NR; j++, col += ldb)
        {
            if (j < columns)
                for (int p = p8; p < kc; p++) dst[p * NR + j] = col[p];
            else
                for (int p = p8; p < kc; p++) dst[p * NR + j] = 0f;
        }
    }

    /// <summary>Columns k0…k7 of the 8×8 matrix whose rows are r0…r7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        out Vector256<float> k0, out Vector256<float> k1, out Vector256<float> k2, out Vector256<float> k3,
        out Vector256<float> k4, out Vector256<float> k5, out Vector256<float> k6, out Vector256<float> k7)
    {
        // Pairs of rows interleaved, then pairs of pairs, within each 128-bit half; then the halves exchanged.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        k0 = Avx.Permute2x128(s0, s4, 0x20);
        k1 = Avx.Permute2x128(s1, s5, 0x20);
        k2 = Avx.Permute2x128(s2, s6, 0x20);
        k3 = Avx.Permute2x128(s3, s7, 0x20);
        k4 = Avx.Permute2x128(s0, s4, 0x31);
        k5 = Avx.Permute2x128(s1, s5, 0x31);
        k6 = Avx.Permute2x128(s2, s6, 0x31);
        k7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
