using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class CounterUniformsTests
{
    // Ranges that start and end off the vectors' multiples of eight, streams and seeds up to the largest, and
    // probabilities at 0 and 1 and between.
    [Theory]
    [InlineData(0, 1000, 0UL, 0UL)]
    [InlineData(3, 517, 1UL, 7UL)]
    [InlineData(5, 6, 12345UL, 1UL)]
    [InlineData(1000, 1999, ulong.MaxValue, ulong.MaxValue - 1)]
    public void BulkDrawsAreTheDrawsOneByOne(int start, int end, ulong seed, ulong stream)
    {
        var random = new Random(start + end);
        var p = new float[end + 3];
        for (int i = 0; i < p.Length; i++) p[i] = (i % 17) switch { 0 => 0f, 1 => 1f, _ => (float)random.NextDouble() };
        var sample = Enumerable.Repeat(-1f, p.Length).ToArray();
        CounterUniforms.Bernoulli(p, sample, start, end, seed, stream);
        for (int i = 0; i < p.Length; i++)
        {
            float want = i < start || i >= end ? -1f : CounterUniforms.Uniform(seed, stream, i) < p[i] ? 1f : 0f;
            Assert.True(want == sample[i], $"draw {i}: {sample[i]} in bulk, {want} one by one");
        }
    }
}
