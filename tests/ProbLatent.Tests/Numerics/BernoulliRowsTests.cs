using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class BernoulliRowsTests
{
    static double[] Binary(Random random, int rows, int columns, double density) =>
        Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() < density ? 1.0 : 0.0).ToArray();

    static BernoulliMixture RandomMixture(Random random, int components, int dimension)
    {
        var weights = Enumerable.Range(0, components).Select(_ => 0.5 + random.NextDouble()).ToArray();
        double total = weights.Sum();
        var probabilities = Enumerable.Range(0, components * dimension).Select(_ => 0.01 + 0.98 * random.NextDouble()).ToArray();
        return new BernoulliMixture(weights.Select(w => w / total).ToArray(), probabilities, dimension);
    }

    // K reaching the kernel's chunks of 32, its vector and scalar tails; MNIST's shape and density; empty and full rows.
    [Theory]
    [InlineData(500, 784, 0.13)]
    [InlineData(37, 50, 0.3)]
    [InlineData(3, 9, 0.5)]
    [InlineData(1, 20, 0)]
    [InlineData(70, 12, 1)]
    public void LogLikelihoodsAreTheRowByRowDotProductsUpToRounding(int components, int dimension, double density)
    {
        var random = new Random(components + dimension);
        const int rows = 40;
        var x = new DataMatrix(Binary(random, rows, dimension, density), rows, dimension);
        var mixture = RandomMixture(random, components, dimension);
        var bulk = new double[rows * components];
        Assert.True(mixture.StateLogLikelihoodRows(x, 0, rows, bulk));
        var row = new double[components];
        for (int n = 0; n < rows; n++)
        {
            mixture.StateLogLikelihoods(x.Row(n), row);
            for (int k = 0; k < components; k++)
                Assert.True(Math.Abs(bulk[n * components + k] - row[k]) <= 1e-13 * Math.Max(1, Math.Abs(row[k])),
                    $"row {n}, component {k}: {bulk[n * components + k]:R} against {row[k]:R}");
        }
    }

    [Theory]
    [InlineData(500, 784, 0.13)]
    [InlineData(37, 50, 0.3)]
    [InlineData(5, 7, 0.6)]
    public void WeightedSumsEqualTheRowByRowMomentsBitForBit(int components, int dimension, double density)
    {
        var random = new Random(components * dimension);
        const int rows = 300;
        var x = Binary(random, rows, dimension, density);
        // Responsibilities with exact zeros, as EM's underflowing ones are.
        var r = Enumerable.Range(0, rows * components).Select(_ => random.NextDouble() < 0.3 ? 0 : random.NextDouble()).ToArray();
        var byColumn = new double[dimension * components];
        BernoulliRows.AddWeightedSums(BernoulliRows.Index(x, rows, dimension, 0), r, components, byColumn);
        var sums = new double[components * dimension];
        BernoulliRows.Transpose(byColumn, dimension, components, sums);
        var expected = new double[components * dimension];
        MixtureMoments.AddRows(x, rows, dimension, r, components, [], [], expected, [], MixtureMoments.Second.None);
        Assert.Equal(expected, sums);
    }

    [Fact]
    public void ARowThatIsNotBinaryIsRefusedNamingTheBlock()
    {
        var x = new double[] { 0, 1, 1, 0, 0.5, 1 };
        var e = Assert.Throws<ArgumentException>(() => BernoulliRows.Index(x, 3, 2, 100));
        Assert.Contains("rows 100…102", e.Message);
    }

    [Fact]
    public void NormalizeWideGivesTheScalarProbabilitiesUpToRounding()
    {
        var random = new Random(3);
        var logWeights = Enumerable.Range(0, 500).Select(_ => -800 * random.NextDouble()).ToArray();
        var scalar = logWeights.ToArray();
        double expected = LogSumExp.Normalize(scalar), actual = LogSumExp.NormalizeWide(logWeights);
        Assert.Equal(expected, actual, 1e-13);
        // exp(v − log Σ) carries the rounding of log Σ (about 10⁻¹³ at these magnitudes) into every weight.
        for (int i = 0; i < scalar.Length; i++)
            Assert.True(Math.Abs(scalar[i] - logWeights[i]) <= 1e-12 * scalar[i] + 1e-300, $"weight {i}: {logWeights[i]:R} against {scalar[i]:R}");
        Assert.Equal(double.NegativeInfinity, LogSumExp.NormalizeWide(new[] { double.NegativeInfinity, double.NegativeInfinity }));
    }
}
