using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class GemmTests
{
    // The distinct products of one training step of the benchmark VAE (784-200-200 encoder, heads of 50, 50-200-200-784
    // decoder, batch 100): forward X·W, input gradients dY·Wᵀ, weight gradients Xᵀ·dY; then an importance-sampling
    // batch through the decoder; and heads fused into one 200→100 product, and a wide NT product, as other architectures have.
    public static TheoryData<bool, bool, int, int, int> VaeShapes => new()
    {
        { false, false, 100, 200, 784 }, { false, false, 100, 200, 200 }, { false, false, 100, 50, 200 },
        { false, false, 100, 200, 50 }, { false, false, 100, 784, 200 },
        { false, true, 100, 200, 200 }, { false, true, 100, 200, 50 }, { false, true, 100, 50, 200 }, { false, true, 100, 200, 784 },
        { true, false, 784, 200, 100 }, { true, false, 200, 200, 100 }, { true, false, 200, 50, 100 },
        { true, false, 50, 200, 100 }, { true, false, 200, 784, 100 },
        { false, false, 1000, 200, 50 },
        { false, false, 100, 100, 200 }, { false, true, 100, 200, 100 }, { true, false, 200, 100, 100 }, { false, true, 100, 784, 200 },
    };

    // Products cut into several k blocks, row blocks or column blocks, where threads must keep the k order.
    public static TheoryData<bool, bool, int, int, int> BlockedShapes => new()
    {
        { false, false, 100, 200, 1500 }, { true, true, 300, 40, 1100 }, { false, true, 20, 2100, 30 },
    };

    sealed class Product
    {
        public readonly int M, N, K, Lda, Ldb;
        public readonly bool TransposeA, TransposeB;
        public readonly float[] A, B, C0;

        public Product(Random random, bool transposeA, bool transposeB, int m, int n, int k)
        {
            (M, N, K, TransposeA, TransposeB) = (m, n, k, transposeA, transposeB);
            Lda = transposeA ? m : k;
            Ldb = transposeB ? k : n;
            A = Values(random, m * k);
            B = Values(random, k * n);
            C0 = Values(random, m * n);
        }

        static float[] Values(Random random, int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
            return values;
        }

        public float[] Fast(bool accumulate, bool portable = false, bool parallel = true)
        {
            var c = (float[])C0.Clone();
            Gemm.Multiply(M, N, K, A, Lda, TransposeA, B, Ldb, TransposeB, c, N, accumulate, portable, parallel);
            return c;
        }

        /// <summary>
        /// Asserts agreement with the reference to 1e-4 of the sum of the magnitudes of the terms, on every row of C
        /// or on the given ones.
        /// </summary>
        public void AssertMatchesReference(float[] actual, bool accumulate, IEnumerable<int>? rows = null)
        {
            var absB = Array.ConvertAll(B, Math.Abs);
            foreach (int i in rows ?? Enumerable.Range(0, M))
            {
                var rowOfA = new float[K];
                for (int p = 0; p < K; p++) rowOfA[p] = TransposeA ? A[p * Lda + i] : A[i * Lda + p];
                var expected = C0.AsSpan(i * N, N).ToArray();
                Gemm.Reference(rowOfA, K, false, B, Ldb, TransposeB, expected, N, 1, N, K, accumulate);
                var scale = Array.ConvertAll(C0.AsSpan(i * N, N).ToArray(), Math.Abs);
                Gemm.Reference(Array.ConvertAll(rowOfA, Math.Abs), K, false, absB, Ldb, TransposeB, scale, N, 1, N, K, accumulate);
                for (int j = 0; j < N; j++)
                {
                    double error = Math.Abs(actual[i * N + j] - expected[j]);
                    if (!(error <= 1e-4 * scale[j] + 1e-30))
                        Assert.Fail($"op(A) {M}×{K}{(TransposeA ? " (Aᵀ)" : "")}, op(B) {K}×{N}{(TransposeB ? " (Bᵀ)" : "")}, " +
                            $"accumulate {accumulate}: C[{i},{j}] = {actual[i * N + j]}, reference {expected[j]}");
                }
            }
        }

        /// <summary>The first and last row tiles and a random sample between: every column, every kind of tile.</summary>
        public IEnumerable<int> SampleRows(Random random) =>
            Enumerable.Range(0, Math.Min(M, 7)).Concat(Enumerable.Range(Math.Max(0, M - 7), Math.Min(M, 7)))
                .Concat(Enumerable.Range(0, 6).Select(_ => random.Next(M))).Distinct();
    }

    static IEnumerable<(int M, int N, int K)> OddShapes()
    {
        // 64 and 128 as leading dimensions are strides that alias in the cache: those panels are packed.
        int[] sizes = [1, 2, 5, 6, 7, 15, 16, 17, 23, 33, 50, 64, 128];
        var random = new Random(7);
        for (int s = 0; s < 40; s++)
            yield return (sizes[random.Next(sizes.Length)], sizes[random.Next(sizes.Length)], sizes[random.Next(sizes.Length)]);
        // Past one cache block in each dimension: several k blocks, row blocks, column blocks.
        yield return (13, 37, 1100);
        yield return (150, 21, 9);
        yield return (7, 2100, 5);
        yield return (150, 5, 1030);
        yield return (128, 64, 20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Agrees_with_the_reference_on_odd_shapes_in_every_layout(bool portable)
    {
        var random = new Random(portable ? 2 : 1);
        foreach (var (m, n, k) in OddShapes())
            foreach (bool transposeA in new[] { false, true })
                foreach (bool transposeB in new[] { false, true })
                {
                    var product = new Product(random, transposeA, transposeB, m, n, k);
                    bool accumulate = random.Next(2) == 1;
                    product.AssertMatchesReference(product.Fast(accumulate, portable), accumulate);
                }
    }

    [Theory]
    [MemberData(nameof(VaeShapes))]
    public void Agrees_with_the_reference_on_the_vae_products(bool transposeA, bool transposeB, int m, int n, int k)
    {
        // Every column and every kind of tile is checked, on a sample of rows: the full reference is slow in a debug build.
        var random = new Random(m * 31 + n * 7 + k);
        var product = new Product(random, transposeA, transposeB, m, n, k);
        product.AssertMatchesReference(product.Fast(accumulate: false), accumulate: false, product.SampleRows(random));
        product.AssertMatchesReference(product.Fast(accumulate: true, portable: true), accumulate: true, product.SampleRows(random));
    }

    [Theory]
    [MemberData(nameof(VaeShapes))]
    [MemberData(nameof(BlockedShapes))]
    public void Is_the_same_bit_for_bit_on_every_run_and_with_one_thread_or_two(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var product = new Product(new Random(3), transposeA, transposeB, m, n, k);
        var first = product.Fast(accumulate: true);
        for (int run = 0; run < 3; run++) Assert.Equal(first, product.Fast(accumulate: true));
        Assert.Equal(first, product.Fast(accumulate: true, parallel: false));
    }

    [Fact]
    public void Tensor_products_check_their_shapes()
    {
        var random = new Random(4);
        var a = new Tensor(5, 3);
        var b = new Tensor(3, 4);
        foreach (var t in new[] { a, b })
            for (int i = 0; i < t.Length; i++) t.Data[i] = (float)random.NextDouble();
        var c = new Tensor(5, 4);
        Gemm.Multiply(a, false, b, false, c);
        var expected = new float[20];
        Gemm.Reference(a.Data, 3, false, b.Data, 4, false, expected, 4, 5, 4, 3, false);
        Assert.Equal(expected, c.Data, (x, y) => Math.Abs(x - y) < 1e-6);

        Assert.Contains("inner dimensions differ", Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, true, b, false, c)).Message);
        Assert.Contains("C is 5×4, the product is 5×3", Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, false, new Tensor(3, 3), false, c)).Message);
        Assert.Contains("overlaps", Assert.Throws<ArgumentException>(() => Gemm.Multiply(new Tensor(a.Data, 5, 3), false, new Tensor(3, 3), false, new Tensor(a.Data, 5, 3))).Message);
    }

    [Fact]
    public void Blocks_of_larger_matrices_multiply_in_place_through_leading_dimensions()
    {
        var random = new Random(5);
        var big = new Product(random, false, true, 40, 30, 20);
        var c = new float[50 * 64];
        // op(A) = rows 3…22, columns 2…13 of A; op(B) = rows 1…9 of B (transposed); C = the block at (4, 5), stride 64.
        Gemm.Multiply(20, 9, 12, big.A.AsSpan(3 * 20 + 2), 20, false, big.B.AsSpan(1 * 20 + 2), 20, true, c.AsSpan(4 * 64 + 5), 64);
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 9; j++)
            {
                double s = 0;
                for (int p = 0; p < 12; p++) s += (double)big.A[(3 + i) * 20 + 2 + p] * big.B[(1 + j) * 20 + 2 + p];
                Assert.Equal(s, c[(4 + i) * 64 + 5 + j], 1e-4);
            }
        Assert.Equal(0, c[4 * 64 + 4]);
        Assert.Equal(0, c[4 * 64 + 14]);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(20, 9, 12, big.A.AsSpan(3 * 20 + 2), 20, false, big.B, 20, true, c.AsSpan(0, 100), 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(20, 9, 12, big.A, 11, false, big.B, 20, true, c, 64));
    }

    [Fact]
    public void Empty_inner_dimension_gives_zero_or_leaves_c()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply(2, 3, 0, [], 1, false, [], 3, false, c, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
        Gemm.Multiply(2, 3, 0, [], 1, false, [], 3, false, c, 3);
        Assert.All(c, v => Assert.Equal(0, v));
        Gemm.Multiply(0, 3, 4, [], 4, false, new float[12], 3, false, [], 3);
    }
}
