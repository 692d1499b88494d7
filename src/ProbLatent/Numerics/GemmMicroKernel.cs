using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProbLatent.Numerics;

/// <summary>
/// The innermost step of <see cref="Gemm"/>: a 6×16 block of C from a 6-row panel of A (6 values per k, each
/// broadcast) and a 16-column panel of B (16 contiguous values per k), either packed or read in place. Twelve
/// 8-wide accumulators, two B vectors and one broadcast of A fill the 16 AVX registers, and each k step issues 12
/// independent FMAs, enough to hide the FMA latency on both pipes.
/// </summary>
/// <remarks>
/// Every element of C is one chain of FMAs in k order, whatever the tile, so results do not depend on how the
/// product was split into tiles or threads. The portable kernel keeps that order with separate multiply and add.
/// </remarks>
static class GemmMicroKernel
{
    public const int Rows = 6;
    public const int Columns = 16;

    /// <summary>True where the AVX2/FMA kernel runs; otherwise <see cref="Portable"/> does.</summary>
    public static bool Accelerated => Fma.IsSupported && Avx2.IsSupported;

    /// <summary>
    /// C[0..6, 0..16] (row stride <paramref name="ldc"/>) = Σₚ A[i, p] B[p, j], or C += that sum, where A[i, p] is at
    /// a[i·aRow + p·aStep] and B[p, 0..16] at b[p·bStep]: a packed panel (aRow 1, aStep 6; bStep 16), or the matrix
    /// itself where its layout allows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Fused(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc, float* c, nint ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint a2 = 2 * aRow, a3 = 3 * aRow, a4 = 4 * aRow, a5 = 5 * aRow;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + aRow);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + a2);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + a3);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + a4);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + a5);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += aStep;
            b += bStep;
        }
        Store(c, c00, c01, add);
        Store(c + ldc, c10, c11, add);
        Store(c + 2 * ldc, c20, c21, add);
        Store(c + 3 * ldc, c30, c31, add);
        Store(c + 4 * ldc, c40, c41, add);
        Store(c + 5 * ldc, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* c, Vector256<float> low, Vector256<float> high, bool add)
    {
        if (add)
        {
            low = Avx.Add(Avx.LoadVector256(c), low);
            high = Avx.Add(Avx.LoadVector256(c + 8), high);
        }
        Avx.Store(c, low);
        Avx.Store(c + 8, high);
    }

    /// <summary>The same block without AVX2/FMA: two 6×8 halves in 4-wide vectors, multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Portable(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc, float* c, nint ldc, bool add)
    {
        nint a2 = 2 * aRow, a3 = 3 * aRow, a4 = 4 * aRow, a5 = 5 * aRow;
        for (int half = 0; half < Columns; half += 8)
        {
            Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            float* pa = a, pb = b + half;
            for (int p = 0; p < kc; p++)
            {
                var b0 = Vector128.Load(pb);
                var b1 = Vector128.Load(pb + 4);
                var ai = Vector128.Create(pa[0]);
                c00 += ai * b0;
                c01 += ai * b1;
                ai = Vector128.Create(pa[aRow]);
                c10 += ai * b0;
                c11 += ai * b1;
                ai = Vector128.Create(pa[a2]);
                c20 += ai * b0;
                c21 += ai * b1;
                ai = Vector128.Create(pa[a3]);
                c30 += ai * b0;
                c31 += ai * b1;
                ai = Vector128.Create(pa[a4]);
                c40 += ai * b0;
                c41 += ai * b1;
                ai = Vector128.Create(pa[a5]);
                c50 += ai * b0;
                c51 += ai * b1;
                pa += aStep;
                pb += bStep;
            }
            float* pc = c + half;
            Store(pc, c00, c01, add);
            Store(pc + ldc, c10, c11, add);
            Store(pc + 2 * ldc, c20, c21, add);
            Store(pc + 3 * ldc, c30, c31, add);
            Store(pc + 4 * ldc, c40, c41, add);
            Store(pc + 5 * ldc, c50, c51, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* c, Vector128<float> low, Vector128<float> high, bool add)
    {
        if (add)
        {
            low = Vector128.Load(c) + low;
            high = Vector128.Load(c + 4) + high;
        }
        low.Store(c);
        high.Store(c + 4);
    }
}
