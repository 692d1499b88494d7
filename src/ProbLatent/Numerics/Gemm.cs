namespace ProbLatent.Numerics;

/// <summary>
/// Single-precision matrix products on row-major tensors: C = op(A) · op(B) (+ C when accumulating), where op
/// transposes or not. The three forms a network's forward and backward passes need are
/// A·B (forward, X·W), A·Bᵀ (gradient with respect to the input, dY·Wᵀ) and Aᵀ·B (gradient with respect to the
/// weights, Xᵀ·dY).
/// </summary>
public static class Gemm
{
    /// <summary>C (m×n) = op(A) (m×k) · op(B) (k×n), or C += … when <paramref name="accumulate"/>.</summary>
    public static void Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, bool accumulate = false)
    {
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb) throw new ArgumentException($"inner dimensions differ: op(A) is {m}×{k}, op(B) is {kb}×{n}");
        if (c.Rows != m || c.Columns != n) throw new ArgumentException($"C is {c.Rows}×{c.Columns}, the product is {m}×{n}");
        Reference(a.Data, a.Columns, transposeA, b.Data, b.Columns, transposeB, c.Data, n, m, n, k, accumulate);
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
