using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class GaussianNoiseTests
{
    [Fact]
    public void Draws_have_the_moments_of_a_standard_normal()
    {
        var values = new float[200_001];
        GaussianNoise.Fill(new Random(7), values);
        double n = values.Length, mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / n;
        double skew = values.Sum(v => Math.Pow(v - mean, 3)) / n / Math.Pow(variance, 1.5);
        double kurtosis = values.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(skew, -0.03, 0.03);
        Assert.InRange(kurtosis, 2.94, 3.06);
        Assert.InRange(values.Count(v => Math.Abs(v) > 1.959964) / n, 0.048, 0.052);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws_and_successive_calls_differ()
    {
        float[] a = new float[9], b = new float[9], c = new float[9];
        var random = new Random(3);
        GaussianNoise.Fill(random, a);
        GaussianNoise.Fill(random, c);
        GaussianNoise.Fill(new Random(3), b);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
