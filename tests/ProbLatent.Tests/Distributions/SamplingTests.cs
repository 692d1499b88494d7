using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using ProbLatent.Numerics;
using Xunit;

namespace ProbLatent.Tests.Distributions;

public class SamplingTests
{
    static readonly Matrix<double> Cov = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6 }, { 0.6, 1.0 } });

    public static TheoryData<string> Names => new() { "Gaussian", "DiagonalGaussian", "MultivariateGaussian", "Gamma", "SmallGamma", "Beta", "Dirichlet", "Wishart", "Categorical", "Bernoulli" };

    static Func<Random, string> Sampler(string name) => name switch
    {
        "Gaussian" => r => new Gaussian(1, 2).Sample(r).ToString("R"),
        "DiagonalGaussian" => r => string.Join(",", new DiagonalGaussian([1, 2], [3, 4]).Sample(r)),
        "MultivariateGaussian" => r => string.Join(",", new MultivariateGaussian([1, 2], Cov).Sample(r)),
        "Gamma" => r => new Gamma(2.5, 3).Sample(r).ToString("R"),
        "SmallGamma" => r => new Gamma(0.3, 3).Sample(r).ToString("R"),
        "Beta" => r => new Beta(0.5, 2).Sample(r).ToString("R"),
        "Dirichlet" => r => string.Join(",", new Dirichlet([0.1, 1, 3]).Sample(r)),
        "Wishart" => r => string.Join(",", new Wishart(3.5, Cov).Sample(r).ToRowMajorArray()),
        "Categorical" => r => new Categorical([0.2, 0.3, 0.5]).Sample(r).ToString(),
        "Bernoulli" => r => new Bernoulli(0.4).Sample(r).ToString(),
        _ => throw new ArgumentException(name),
    };

    static string Draws(string name, int seed, int count = 20)
    {
        var random = new Random(seed);
        var sampler = Sampler(name);
        return string.Join(";", Enumerable.Range(0, count).Select(_ => sampler(random)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_same_seed_gives_the_same_draws(string name)
    {
        Assert.Equal(Draws(name, 42), Draws(name, 42));
        Assert.NotEqual(Draws(name, 42), Draws(name, 43));
    }

    [Fact]
    public void Draws_lie_in_the_support()
    {
        var random = new Random(1);
        var dirichlet = new Dirichlet([0.01, 0.02, 0.05]); // small concentrations: Gamma draws underflow; logs do not
        for (int i = 0; i < 2000; i++)
        {
            var x = dirichlet.Sample(random);
            Assert.All(x, v => Assert.True(v >= 0 && v <= 1));
            Assert.Equal(1, x.Sum(), 12);
            Assert.True(new Gamma(0.05, 1).Sample(random) >= 0);
            double b = new Beta(0.05, 0.05).Sample(random);
            Assert.True(b >= 0 && b <= 1);
            Assert.False(double.IsNegativeInfinity(new Wishart(2.5, Cov).LogDensity(new Wishart(2.5, Cov).Sample(random))));
        }
    }

    [Fact]
    public void Gamma_sampler_mean_and_variance()
    {
        foreach (var shape in new[] { 0.2, 0.9, 1.0, 3.7 })
        {
            var random = new Random(5);
            int n = 200_000;
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++)
            {
                double x = random.NextGamma(shape);
                s += x;
                s2 += x * x;
            }
            double mean = s / n, variance = s2 / n - mean * mean;
            Assert.True(Math.Abs(mean - shape) < 5 * Math.Sqrt(shape / n), $"shape {shape}: mean {mean}");
            Assert.True(Math.Abs(variance - shape) < 0.05 * shape, $"shape {shape}: variance {variance}");
        }
    }

    [Fact]
    public void Sample_many_uses_one_generator_in_order()
    {
        var g = new Gaussian(0, 1);
        var many = g.Sample(new Random(3), 5);
        var random = new Random(3);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => g.Sample(random)), many);
    }
}
