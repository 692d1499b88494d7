using ProbLatent.LatentModels;
using ProbLatent.Numerics;
using ProbLatent.Tests.Numerics;

namespace ProbLatent.Tests.Backends.Contrastive;

/// <summary>The kernel's probabilities drawn as each worker finishes its rows are the probabilities and then <see cref="BoltzmannKernel.Sample"/>, to the bit.</summary>
public class BoltzmannKernelTests
{
    static BoltzmannKernel Kernel(Random random, int visible, int hidden) => new(visible, hidden,
        BinaryProductTests.Values(random, visible, hidden).Span.ToArray(),
        BinaryProductTests.Values(random, 1, visible).Span.ToArray(), BinaryProductTests.Values(random, 1, hidden).Span.ToArray());

    // The trainer's shapes (a minibatch of 100 on MNIST's 784 pixels and 500 units), and ones with vector tails and one row.
    [Theory]
    [InlineData(100, 784, 500)]
    [InlineData(37, 13, 21)]
    [InlineData(1, 9, 3)]
    public void DrawsTakenWithTheProbabilitiesAreTheSamplesOfThem(int rows, int visible, int hidden)
    {
        var random = new Random(rows + visible);
        var kernel = Kernel(random, visible, hidden);
        var v = BinaryProductTests.Binary(random, rows, visible, 0.13);
        var h = BinaryProductTests.Binary(random, rows, hidden, 0.4);

        var p = new float[rows * hidden];
        var drawn = new float[rows * hidden];
        kernel.HiddenProbabilities(v.Span.ToArray(), rows, p, draw: new BernoulliDraw(drawn, 7, 3));
        var expected = new float[rows * hidden];
        kernel.HiddenProbabilities(v.Span.ToArray(), rows, expected);
        var sampled = new float[rows * hidden];
        BoltzmannKernel.Sample(expected, sampled, rows * hidden, 7, 3);
        Assert.Equal(expected, p);
        Assert.Equal(sampled, drawn);
        if (drawn.Length >= 50)
        {
            Assert.Contains(0f, drawn);
            Assert.Contains(1f, drawn);
        }

        var pattern = BinaryProductTests.Indexed(v);
        var sparse = new Tensor(rows, hidden);
        var sparseDrawn = new float[rows * hidden];
        kernel.HiddenProbabilities(pattern, sparse, new BernoulliDraw(sparseDrawn, 7, 3));
        Assert.Equal(sampled, sparseDrawn);

        // In place, as the trainer draws vₖ over its probabilities.
        var visibleP = new float[rows * visible];
        kernel.VisibleProbabilities(h.Span.ToArray(), rows, visibleP);
        var visibleSampled = new float[rows * visible];
        BoltzmannKernel.Sample(visibleP, visibleSampled, rows * visible, 7, 4);
        var inPlace = new float[rows * visible];
        kernel.VisibleProbabilities(h.Span.ToArray(), rows, inPlace, draw: new BernoulliDraw(inPlace, 7, 4));
        Assert.Equal(visibleSampled, inPlace);
    }
}
