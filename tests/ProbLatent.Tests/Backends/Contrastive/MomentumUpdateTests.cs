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
    // vector and scalar tails, with empty columns; a scale of 3e38 makes some updates overflow.
    [Theory]
    [InlineData(100, 784, 500, 0.13, 1f)]
    [InlineData(20, 50, 37, 0.3, 1f)]
    [InlineData(7, 9, 130, 0.02, 1f)]
    [InlineData(10, 12, 70, 0.5, 3e38f)]
    public void The_fused_update_is_the_products_then_the_velocity_bit_for_bit(int rows, int visible, int hidden, double density, float scale)
    {
        var random = new Random(rows * 31 + hidden);
        var (data, sample) = (BinaryProductTests.Binary(random, rows, visible, density), BinaryProductTests.Binary(random, rows, visible, density));
        var (positive, negative) = (Values(random, rows, hidden, scale), Values(random, rows, hidden, scale));
        var weights = Values(random, visible, hidden, 1).Data;
        var start = Values(random, visible, hidden, 0.1f).Data;
        float momentum = 0.5f, rate = 0.05f / rows, shrink = 0.05f * 1e-3f;

        var gradient = new Tensor(visible, hidden);
        BinaryProduct.MultiplyTransposed(BinaryProductTests.Indexed(data), positive, gradient);
        BinaryProduct.MultiplyTransposed(BinaryProductTests.Indexed(sample), negative, gradient, accumulate: true);
        var separate = (float[])start.Clone();
        bool separateFinite = MomentumUpdate.WeightVelocity(weights, gradient.Data, separate, hidden, momentum, rate, shrink, new bool[1]);

        var fused = (float[])start.Clone();
        bool fusedFinite = MomentumUpdate.WeightVelocity(BinaryProductTests.Indexed(data), positive, BinaryProductTests.Indexed(sample), negative, weights, fused, momentum, rate, shrink, new bool[1]);

        Assert.Equal(separateFinite, fusedFinite);
        Assert.Equal(scale < 1e30f, fusedFinite);
        for (int i = 0; i < fused.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(separate[i]) == BitConverter.SingleToInt32Bits(fused[i]) || float.IsNaN(separate[i]) && float.IsNaN(fused[i]),
                $"velocity {i}: {separate[i]:R} from the products, {fused[i]:R} fused");
    }
}
