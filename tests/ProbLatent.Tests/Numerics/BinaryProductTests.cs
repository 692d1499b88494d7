using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class BinaryProductTests
{
    internal static Tensor Binary(Random random, int rows, int columns, double density)
    {
        var t = new Tensor(rows, columns);
        foreach (ref var v in t.Span) v = random.NextDouble() < density ? 1f : 0f;
        return t;
    }

    internal static Tensor Values(Random random, int rows, int columns)
    {
        var t = new Tensor(rows, columns);
        foreach (ref var v in t.Span) v = (float)(random.NextDouble() * 2 - 1);
        return t;
    }

    internal static BinaryPattern Indexed(Tensor x)
    {
        var pattern = new BinaryPattern();
        Assert.True(pattern.TryIndex(x, maxDensity: 1));
        return pattern;
    }

    // The first layer of the benchmark VAE (batch 100, 784 pixels, 200 units) at binarized MNIST's density, and
    // shapes reaching the kernel's vector and scalar tails, empty rows and columns, and a single row.
    [Theory]
    [InlineData(100, 784, 200, 0.13)]
    [InlineData(7, 30, 75, 0.3)]
    [InlineData(13, 9, 64, 0.02)]
    [InlineData(1, 50, 3, 0.5)]
    [InlineData(20, 40, 130, 0)]
    [InlineData(9, 30, 500, 0.13)] // a last strip of 52 columns, more than four vectors: one pass of eight, ending at the row's end
    [InlineData(5, 12, 41, 0.3)] // more than four vectors left in a row shorter than eight: the masked passes of four
    public void ProductsEqualTheDenseProductBitForBit(int m, int k, int n, double density)
    {
        var random = new Random(m * 1000 + n);
        var x = Binary(random, m, k, density);
        var pattern = Indexed(x);
        var b = Values(random, k, n);
        var upstream = Values(random, m, n);
        // Both ways of summing a strip's last columns: under AVX's masks where they run, and a vector then a column at a time.
        foreach (bool portable in new[] { false, true })
            foreach (bool accumulate in new[] { false, true })
            {
                AgreesWithGemm(transposed: false, b, m, accumulate, portable);
                AgreesWithGemm(transposed: true, upstream, k, accumulate, portable);
            }

        // x·operand (or xᵀ·operand) into a random start of the product's rows, by the sums and by the GEMM.
        void AgreesWithGemm(bool transposed, Tensor operand, int rows, bool accumulate, bool portable)
        {
            var start = Values(random, rows, n);
            var expected = start.Clone();
            Gemm.Multiply(x, transposed, operand, false, expected, accumulate);
            var actual = start.Clone();
            if (transposed) BinaryProduct.MultiplyTransposed(pattern, operand, actual, accumulate, portable);
            else BinaryProduct.Multiply(pattern, operand, actual, accumulate, portable);
            Assert.Equal(expected.Span.ToArray(), actual.Span.ToArray());
        }
    }

    [Fact]
    public void PatternListsTheOnesOfEachRowAndColumnInOrder()
    {
        var x = new Tensor(new float[] { 0, 1, 1, 0, 0, 0, 0, 0, 0, 1,
                                         1, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                                         0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 3, 10);
        var pattern = Indexed(x);
        Assert.Equal(5, pattern.Count);
        Assert.Equal([1, 2, 9], pattern.OnesOfRow(0).ToArray());
        Assert.Equal([0, 9], pattern.OnesOfRow(1).ToArray());
        Assert.Empty(pattern.OnesOfRow(2).ToArray());
        Assert.Throws<InvalidOperationException>(() => pattern.OnesOfColumn(0).ToArray());
        pattern.IndexColumns();
        Assert.Equal([1], pattern.OnesOfColumn(0).ToArray());
        Assert.Equal([0, 1], pattern.OnesOfColumn(9).ToArray());
        Assert.Empty(pattern.OnesOfColumn(5).ToArray());
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(2f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void PatternRefusesValuesOtherThanZeroAndOne(float value)
    {
        // In the vector part of a row and in its scalar tail.
        foreach (int column in new[] { 3, 17 })
        {
            var x = new Tensor(2, 18);
            x[1, 0] = 1;
            x[1, column] = value;
            Assert.False(new BinaryPattern().TryIndex(x, maxDensity: 1));
        }
    }

    [Fact]
    public void PatternRefusesDataDenserThanAsked()
    {
        var x = Binary(new Random(3), 10, 20, 0.5);
        int ones = Indexed(x).Count;
        var pattern = new BinaryPattern();
        Assert.False(pattern.TryIndex(x, (ones - 1) / 200.0));
        Assert.True(pattern.TryIndex(x, ones / 200.0));
    }

    [Fact]
    public void PatternIsReusedForSmallerAndLargerMatrices()
    {
        var random = new Random(4);
        var pattern = new BinaryPattern();
        foreach (var (rows, columns) in new[] { (30, 40), (5, 7), (60, 90) })
        {
            var x = Binary(random, rows, columns, 0.2);
            Assert.True(pattern.TryIndex(x, 1));
            pattern.IndexColumns();
            var fresh = Indexed(x);
            fresh.IndexColumns();
            Assert.Equal(fresh.Count, pattern.Count);
            for (int i = 0; i < rows; i++) Assert.Equal(fresh.OnesOfRow(i).ToArray(), pattern.OnesOfRow(i).ToArray());
            for (int j = 0; j < columns; j++) Assert.Equal(fresh.OnesOfColumn(j).ToArray(), pattern.OnesOfColumn(j).ToArray());
        }
    }

    // Rows indexed in pieces, the later rows first and from two threads, as workers drawing a sample do: the pattern
    // TryIndex makes, refusing what it refuses (a value not 0 or 1, in a row's vector part or its tail; too many ones).
    [Fact]
    public void RowsIndexedInPiecesFromTwoThreadsMakeThePatternTryIndexMakes()
    {
        var pattern = new BinaryPattern();
        foreach (var (rows, columns, density) in new[] { (100, 784, 0.13), (7, 19, 0.4), (30, 8, 0) })
        {
            var x = Binary(new Random(rows + columns), rows, columns, density);
            var whole = Indexed(x);
            pattern.BeginRows(rows, columns);
            Parallel.Invoke(() => pattern.IndexRows(x.Span, rows / 2, rows), () => pattern.IndexRows(x.Span, 0, rows / 2));
            Assert.True(pattern.FinishRows(1));
            Assert.Equal((rows, columns, whole.Count), (pattern.Rows, pattern.Columns, pattern.Count));
            for (int i = 0; i < rows; i++) Assert.Equal(whole.OnesOfRow(i).ToArray(), pattern.OnesOfRow(i).ToArray());
            pattern.IndexColumns();
            for (int j = 0; j < columns; j++) Assert.Equal(OnesOfColumn(x, j), pattern.OnesOfColumn(j).ToArray());
            if (whole.Count == 0) continue;
            pattern.BeginRows(rows, columns);
            pattern.IndexRows(x.Span, 0, rows);
            Assert.False(pattern.FinishRows((whole.Count - 1.0) / (rows * columns)));
            Assert.True(pattern.FinishRows((double)whole.Count / (rows * columns)));
        }
        foreach (int column in new[] { 3, 17 })
        {
            var x = new Tensor(2, 18);
            x[1, column] = 0.5f;
            pattern.BeginRows(2, 18);
            pattern.IndexRows(x.Span, 0, 2);
            Assert.False(pattern.FinishRows(1));
        }
    }

    static int[] OnesOfColumn(Tensor x, int j) => Enumerable.Range(0, x.Rows).Where(i => x[i, j] == 1).ToArray();

    /// <summary>The columns of the ones of row <paramref name="i"/>, read off the matrix itself.</summary>
    static int[] OnesOf(Tensor x, int i) => Enumerable.Range(0, x.Columns).Where(j => x[i, j] == 1).ToArray();

    [Fact]
    public void PatternGrowsRowByRowKeepingTheRowsBefore()
    {
        // A fresh pattern has no room: it grows many times on the way through a matrix of several thousand ones.
        var x = Binary(new Random(8), 300, 50, 0.3);
        var pattern = new BinaryPattern();
        Assert.True(pattern.TryIndex(x, maxDensity: 0.5));
        for (int i = 0; i < x.Rows; i++) Assert.Equal(OnesOf(x, i), pattern.OnesOfRow(i).ToArray());
    }

    [Fact]
    public void SelectedRowsAreTheSourceRowsInTheGivenOrderAndFillWritesTheirMatrix()
    {
        var x = Binary(new Random(9), 40, 30, 0.15);
        var all = Indexed(x);
        int[] rows = [7, 0, 39, 7, 12];
        var batch = new BinaryPattern();
        batch.SelectRows(all, rows);
        Assert.Equal(rows.Length, batch.Rows);
        Assert.Equal(30, batch.Columns);
        Assert.Equal(rows.Sum(r => OnesOf(x, r).Length), batch.Count);
        for (int i = 0; i < rows.Length; i++) Assert.Equal(OnesOf(x, rows[i]), batch.OnesOfRow(i).ToArray());
        batch.IndexColumns();
        Assert.Equal(Enumerable.Range(0, rows.Length).Where(i => x[rows[i], 3] == 1).ToArray(), batch.OnesOfColumn(3).ToArray());

        var filled = new float[rows.Length * 30 + 5];
        Array.Fill(filled, 7f);
        batch.Fill(filled);
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < 30; j++) Assert.Equal(x[rows[i], j], filled[i * 30 + j]);
        Assert.All(filled[(rows.Length * 30)..], v => Assert.Equal(7f, v));
        Assert.Throws<ArgumentException>(() => batch.Fill(new float[rows.Length * 30 - 1]));
        // Selecting again, fewer rows: the column index of the earlier selection is gone.
        batch.SelectRows(all, [1]);
        Assert.Equal(OnesOf(x, 1), batch.OnesOfRow(0).ToArray());
        Assert.Throws<InvalidOperationException>(() => batch.OnesOfColumn(0).ToArray());
    }

    [Fact]
    public void ProductsRefuseMismatchedShapes()
    {
        var pattern = Indexed(new Tensor(4, 6));
        Assert.Throws<ArgumentException>(() => BinaryProduct.Multiply(pattern, new Tensor(5, 3), new Tensor(4, 3)));
        Assert.Throws<ArgumentException>(() => BinaryProduct.Multiply(pattern, new Tensor(6, 3), new Tensor(4, 2)));
        Assert.Throws<ArgumentException>(() => BinaryProduct.MultiplyTransposed(pattern, new Tensor(6, 3), new Tensor(6, 3)));
    }
}
