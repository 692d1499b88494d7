using ProbLatent.Autodiff;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Autodiff;

public class ElementwiseTests
{
    static Tensor Values(Random random, int rows, int columns)
    {
        var t = new Tensor(rows, columns);
        foreach (ref var v in t.Span) v = (float)(random.NextDouble() * 2 - 1);
        return t;
    }

    // Bias gradients of the benchmark VAE's layers (784, 200 and 50 units at batch 100), widths that leave a partial
    // unit of 64 columns, and an empty batch.
    [Theory]
    [InlineData(100, 784)]
    [InlineData(100, 200)]
    [InlineData(100, 50)]
    [InlineData(3, 130)]
    [InlineData(0, 70)]
    public void ColumnSumsAddTheRowsInOrderWhicheverCoreTakesAColumn(int rows, int columns)
    {
        var random = new Random(rows + columns);
        var source = Values(random, rows, columns);
        foreach (bool overwrite in new[] { true, false })
        {
            var start = Values(random, 1, columns);
            var expected = start.Span.ToArray();
            for (int j = 0; j < columns; j++)
            {
                float s = overwrite ? (rows == 0 ? 0f : source[0, j]) : expected[j] + (rows == 0 ? 0f : source[0, j]);
                for (int i = 1; i < rows; i++) s += source[i, j];
                expected[j] = s;
            }
            var actual = start.Clone();
            Elementwise.ColumnSums(source, actual, overwrite);
            Assert.Equal(expected, actual.Span.ToArray());
        }
    }
}
