using ProbLatent.Backends.Contrastive;
using ProbLatent.Numerics;
using ProbLatent.Tests.Numerics;

namespace ProbLatent.Tests.Backends.Contrastive;

public class MomentumUpdateTests
{
    static Tensor Values(Random random, int rows, int columns, float scale)
    {
        var t = BinaryProductTests.Values(random, rows, columns);
        foreach (ref var v in t.Span) v *= scale;
        return t;
    }

    // The benchmark's shape (100 rows, 784 visible, 500 hidden) at binarized MNIST's density, and shapes reaching the
    // vector and scalar tails (100 columns: more than four vectors after the passes of eight), with empty columns; a scale
    // of 3e38 makes some updates overflow. Each both ways of taking a
    // row's last columns: under AVX's masks where they run (portable false), and a vector then a column at a time. The
    // sample shares about half the data's ones, as a reconstruction does, so every row has all three lists.
    [Theory]
    [InlineData(100, 784, 500, 0.13, 1f, false)]
    [InlineData(100, 784, 500, 0.13, 1f, true)]
    [InlineData(20, 50, 37, 0.3, 1f, false)]
    [InlineData(20, 50, 37, 0.3, 1f, true)]
    [InlineData(7, 9, 130, 0.02, 1f, false)]
    [InlineData(7, 9, 130, 0.02, 1f, true)]
    [InlineData(9, 11, 100, 0.3, 1f, false)]
    [InlineData(9, 11, 100, 0.3, 1f, true)]
    [InlineData(10, 12, 70, 0.5, 3e38f, false)]
    [InlineData(10, 12, 70, 0.5, 3e38f, true)]
    [InlineData(100, 784, 500, 0.13, 1f, false, 0f)] // without momentum: the velocities are neither read nor written
    [InlineData(9, 11, 100, 0.3, 1f, true, 0f)]
    public void The_fused_update_sums_each_gradient_in_its_stated_order_then_takes_the_velocity_bit_for_bit(int rows, int visible, int hidden, double density, float scale, bool portable,
        float momentum = 0.5f)
    {
        var random = new Random(rows * 31 + hidden);
        var data = BinaryProductTests.Binary(random, rows, visible, density);
        var sample = BinaryProductTests.Binary(random, rows, visible, density);
        for (int k = 0; k < data.Length; k++)
            if (data.Data[k] == 1 && random.NextDouble() < 0.5) sample.Data[k] = 1;
        var (positive, negative) = (Values(random, rows, hidden, scale), Values(random, rows, hidden, scale));
        var weights = Values(random, visible, hidden, 1).Data;
        var start = Values(random, visible, hidden, 0.1f).Data;
        float rate = 0.05f / rows, shrink = 0.05f * 1e-3f;

        // Each element from zero: P's rows where only the data is one, then P + Q's where both are, then Q's where only the sample is.
        var gradient = new float[visible * hidden];
        for (int i = 0; i < visible; i++)
            for (int j = 0; j < hidden; j++)
            {
                float sum = 0;
                for (int r = 0; r < rows; r++)
                    if (data[r, i] == 1 && sample[r, i] == 0) sum += positive[r, j];
                for (int r = 0; r < rows; r++)
                    if (data[r, i] == 1 && sample[r, i] == 1) sum += positive[r, j] + negative[r, j];
                for (int r = 0; r < rows; r++)
                    if (data[r, i] == 0 && sample[r, i] == 1) sum += negative[r, j];
                gradient[i * hidden + j] = sum;
            }
        var original = (float[])weights.Clone();
        var fused = (float[])start.Clone();
        var fusedNext = new float[weights.Length];
        // Prepare takes p(h | vₖ) and negates it into Q.
        var q = negative.Clone();
        System.Numerics.Tensors.TensorPrimitives.Negate(q.Span, q.Span);
        var (dataOnes, sampleOnes, difference) = (BinaryProductTests.Indexed(data), BinaryProductTests.Indexed(sample), new Tensor(rows, hidden));
        MomentumUpdate.Prepare(dataOnes, positive, sampleOnes, q, difference);
        Assert.Equal(negative.Span.ToArray(), q.Span.ToArray());
        bool fusedFinite = MomentumUpdate.WeightVelocity(dataOnes, positive, sampleOnes, q, difference, weights, fused, fusedNext, momentum, rate, shrink, new bool[1], portable);

        Assert.Equal(scale < 1e30f, fusedFinite);
        Assert.Equal(original, weights); // the updated weights went to the next array only
        AssertOneAtATime(start, gradient, weights, fused, fusedNext, fusedFinite, momentum, rate, shrink);
    }

    /// <summary>
    /// Each velocity and next weight against the update of that element alone, and the finiteness reported against the next
    /// weights; without momentum the velocities are as they started.
    /// </summary>
    static void AssertOneAtATime(float[] start, float[] gradient, float[] weights, float[] velocity, float[] next, bool finite, float momentum, float rate, float shrink)
    {
        for (int i = 0; i < velocity.Length; i++)
        {
            float step = momentum * start[i] + rate * gradient[i] - shrink * weights[i];
            float kept = momentum == 0 ? start[i] : step;
            Assert.True(SameBits(kept, velocity[i]), $"velocity {i}: {velocity[i]:R}, expected {kept:R}");
            Assert.True(SameBits(weights[i] + step, next[i]), $"next weight {i}: {next[i]:R}, one at a time {weights[i] + step:R}");
        }
        Assert.Equal(finite, next.All(float.IsFinite));
    }

    // The update of a stored gradient (the dense products' path), against one element at a time; an infinite gradient is refused.
    [Theory]
    [InlineData(784, 500, 1f)]
    [InlineData(9, 37, 1f)]
    [InlineData(12, 70, 3e38f)]
    [InlineData(9, 37, 1f, 0f)]
    public void The_update_of_a_stored_gradient_is_one_element_at_a_time_bit_for_bit(int visible, int hidden, float scale, float momentum = 0.5f)
    {
        var random = new Random(visible + hidden);
        // At 3e38, four times the values overflows most of them: a sum of that many rows' terms would.
        var gradient = Values(random, visible, hidden, scale).Data.Select(g => 4 * g).ToArray();
        var weights = Values(random, visible, hidden, 1).Data;
        var start = Values(random, visible, hidden, 0.1f).Data;
        float rate = 0.05f / 100, shrink = 0.05f * 1e-3f;
        var velocity = (float[])start.Clone();
        var next = new float[weights.Length];
        bool finite = MomentumUpdate.WeightVelocity(weights, gradient, velocity, next, hidden, momentum, rate, shrink, new bool[1]);
        AssertOneAtATime(start, gradient, weights, velocity, next, finite, momentum, rate, shrink);
        Assert.Equal(scale < 1e30f, finite);
    }

    [Theory]
    [InlineData(100, 500)]
    [InlineData(100, 784)]
    [InlineData(3, 301)]
    [InlineData(7, 13)]
    [InlineData(1, 3)]
    public void The_bias_velocity_sums_each_column_over_the_rows_in_order_bit_for_bit(int rows, int columns)
    {
        var random = new Random(rows + columns);
        var (a, b) = (Values(random, rows + 2, columns, 1).Data, Values(random, rows + 2, columns, 1).Data);
        var start = Values(random, 1, columns, 0.1f).Data;
        var velocity = (float[])start.Clone();
        var sums = new float[columns + 3];
        Array.Fill(sums, float.NaN); // left from before: cleared, not added to
        float momentum = 0.5f, rate = 0.05f / rows;
        MomentumUpdate.BiasVelocity(a, b, rows, velocity, sums, momentum, rate);
        for (int j = 0; j < columns; j++)
        {
            float g = 0;
            for (int r = 0; r < rows; r++) g += a[r * columns + j] - b[r * columns + j]; // the two extra rows are not read
            float expected = momentum * start[j] + rate * g;
            Assert.True(SameBits(expected, velocity[j]), $"column {j}: {velocity[j]:R}, one at a time {expected:R}");
        }
    }

    // The hidden biases' gradient as the column sums of D alone (b absent), the rows in order.
    [Theory]
    [InlineData(100, 500)]
    [InlineData(3, 301)]
    [InlineData(7, 13)]
    public void The_bias_velocity_of_one_matrix_sums_its_rows_in_order_bit_for_bit(int rows, int columns)
    {
        var random = new Random(rows * 7 + columns);
        var a = Values(random, rows + 2, columns, 1).Data;
        var start = Values(random, 1, columns, 0.1f).Data;
        var velocity = (float[])start.Clone();
        float momentum = 0.5f, rate = 0.05f / rows;
        MomentumUpdate.BiasVelocity(a, null, rows, velocity, new float[columns], momentum, rate);
        for (int j = 0; j < columns; j++)
        {
            float g = 0;
            for (int r = 0; r < rows; r++) g += a[r * columns + j];
            float expected = momentum * start[j] + rate * g;
            Assert.True(SameBits(expected, velocity[j]), $"column {j}: {velocity[j]:R}, one at a time {expected:R}");
        }
    }

    // The visible biases' velocity from the patterns' column counts is the dense matrices' bias velocity to the bit.
    [Theory]
    [InlineData(100, 784, 0.13)]
    [InlineData(9, 13, 0.5)]
    public void The_visible_bias_velocity_from_counts_of_ones_is_that_of_the_binary_matrices_bit_for_bit(int rows, int columns, double density)
    {
        var random = new Random(rows + 3 * columns);
        var (data, sample) = (BinaryProductTests.Binary(random, rows, columns, density), BinaryProductTests.Binary(random, rows, columns, density));
        var start = Values(random, 1, columns, 0.1f).Data;
        var (fromCounts, fromRows) = ((float[])start.Clone(), (float[])start.Clone());
        float momentum = 0.5f, rate = 0.05f / rows;
        var (dataOnes, sampleOnes) = (BinaryProductTests.Indexed(data), BinaryProductTests.Indexed(sample));
        dataOnes.IndexColumns();
        sampleOnes.IndexColumns();
        MomentumUpdate.CountVelocity(dataOnes, sampleOnes, fromCounts, momentum, rate);
        MomentumUpdate.BiasVelocity(data.Data, sample.Data, rows, fromRows, new float[columns], momentum, rate);
        for (int j = 0; j < columns; j++) Assert.True(SameBits(fromRows[j], fromCounts[j]), $"column {j}: {fromCounts[j]:R} from counts, {fromRows[j]:R} from the rows");
    }

    static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || float.IsNaN(a) && float.IsNaN(b);
}
