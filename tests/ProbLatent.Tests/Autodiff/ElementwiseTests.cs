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

    // Far enough out that e^x overflows a float on one side and σ underflows on the other; 19 values leave a scalar
    // tail after the vector loop, and using x twice makes the second contribution add to the first.
    [Fact]
    public void SoftplusSendsSigmoidWithoutOverflowAtEitherEnd()
    {
        float[] values = [-200f, -100f, -30f, -5f, -1f, -1e-3f, 0f, 1e-3f, 1f, 5f, 30f, 100f, 200f, -88f, 88f, 0.5f, -0.5f, 17f, -17f];
        var tape = new Tape();
        var x = tape.Input(new Tensor(values, 1, values.Length));
        tape.Backward(tape.Sum(tape.Add(tape.Softplus(x), tape.Softplus(x))));
        for (int i = 0; i < values.Length; i++)
        {
            double sigmoid = 1 / (1 + Math.Exp(-(double)values[i]));
            Assert.Equal(2 * sigmoid, x.Gradient[0, i], 6);
        }
    }
}
