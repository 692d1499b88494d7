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
        // The two halves come from the same pairs of uniforms (r cos θ, then r sin θ): independent only if they are the
        // cosine and the sine. A copy, or the same function twice, would correlate them; the squares too share r.
        int half = values.Length / 2;
        double Correlation(Func<int, double> x, Func<int, double> y)
        {
            double mx = Enumerable.Range(0, half).Average(x), my = Enumerable.Range(0, half).Average(y);
            double sxy = Enumerable.Range(0, half).Sum(i => (x(i) - mx) * (y(i) - my));
            double sxx = Enumerable.Range(0, half).Sum(i => (x(i) - mx) * (x(i) - mx)), syy = Enumerable.Range(0, half).Sum(i => (y(i) - my) * (y(i) - my));
            return sxy / Math.Sqrt(sxx * syy);
        }
        Assert.InRange(Correlation(i => values[i], i => values[half + i]), -0.01, 0.01);
        Assert.InRange(Correlation(i => Math.Abs(values[i]), i => Math.Abs(values[half + i])), -0.01, 0.01);
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
