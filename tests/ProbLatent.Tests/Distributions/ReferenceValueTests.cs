using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using Xunit;
using MN = MathNet.Numerics.Distributions;

namespace ProbLatent.Tests.Distributions;

/// <summary>Log-densities and entropies against MathNet.Numerics where it has the distribution, and against hand-derived identities where it does not.</summary>
public class ReferenceValueTests
{
    const double Tol = 1e-10;

    static void Close(double expected, double actual, double tolerance = Tol) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Theory]
    [InlineData(0.0, 1.0, 0.0)]
    [InlineData(1.5, 0.25, -0.3)]
    [InlineData(-3.0, 40.0, 12.0)]
    public void Gaussian_matches_MathNet(double mean, double variance, double x)
    {
        var g = new Gaussian(mean, variance);
        var reference = new MN.Normal(mean, Math.Sqrt(variance));
        Close(reference.DensityLn(x), g.LogDensity(x));
        Close(reference.Entropy, g.Entropy());
        Close(mean, g.Mean);
        Close(variance, g.Variance);
    }

    [Fact]
    public void Gaussian_from_precision_and_hand_value()
    {
        var g = Gaussian.FromMeanAndPrecision(1, 4);
        Close(0.25, g.Variance);
        // log N(0 | 0, 1) = −½ log 2π
        Close(-0.91893853320467274178, Gaussian.Standard.LogDensity(0));
    }

    [Theory]
    [InlineData(2.0, 3.0, 0.7)]
    [InlineData(0.5, 1.0, 0.01)]
    [InlineData(1.0, 0.2, 5.0)]
    [InlineData(17.0, 4.0, 4.5)]
    public void Gamma_matches_MathNet(double shape, double rate, double x)
    {
        var g = new Gamma(shape, rate);
        var reference = new MN.Gamma(shape, rate);
        Close(reference.DensityLn(x), g.LogDensity(x));
        Close(reference.Entropy, g.Entropy());
        Close(reference.Mean, g.Mean);
        Close(reference.Variance, g.Variance);
        Close(g.Mean, Gamma.FromShapeAndScale(shape, 1 / rate).Mean);
    }

    [Fact]
    public void Gamma_support_edges()
    {
        Assert.Equal(double.NegativeInfinity, new Gamma(2, 1).LogDensity(-1));
        Assert.Equal(double.NegativeInfinity, new Gamma(2, 1).LogDensity(0));
        Assert.Equal(double.PositiveInfinity, new Gamma(0.5, 1).LogDensity(0));
        Close(Math.Log(3), new Gamma(1, 3).LogDensity(0)); // exponential(3) at 0
    }

    [Theory]
    [InlineData(2.0, 3.0, 0.3)]
    [InlineData(0.5, 0.5, 0.9)]
    [InlineData(1.0, 1.0, 0.5)]
    [InlineData(12.0, 1.5, 1e-3)]
    public void Beta_matches_MathNet(double a, double b, double x)
    {
        var d = new Beta(a, b);
        var reference = new MN.Beta(a, b);
        Close(reference.DensityLn(x), d.LogDensity(x), 1e-9);
        Close(reference.Entropy, d.Entropy(), 1e-9);
        Close(reference.Mean, d.Mean);
        Close(reference.Variance, d.Variance);
        Assert.Equal(double.NegativeInfinity, d.LogDensity(1.5));
    }

    [Fact]
    public void Beta_is_accurate_near_zero()
    {
        // log p(x) for Beta(1, 2) = log 2 + log(1 − x); at x = 1e-20 that is log 2 − 1e-20 to full precision.
        Close(Math.Log(2), new Beta(1, 2).LogDensity(1e-20), 1e-14);
        // log(1 − x) ≈ −x − x²/2 for small x: log1p keeps the digits that Math.Log(1 − x) loses (it is off by ~1e-7 here).
        double x = 1e-9, expected = -x - x * x / 2;
        Assert.True(Math.Abs(ProbLatent.Numerics.SpecialFunctions.Log1p(-x) - expected) < 1e-15 * x);
        Assert.True(Math.Abs(ProbLatent.Numerics.SpecialFunctions.Softplus(-40) - Math.Exp(-40)) < 1e-15 * Math.Exp(-40));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.999)]
    public void Bernoulli_matches_MathNet(double p)
    {
        var b = new Bernoulli(p);
        var reference = new MN.Bernoulli(p);
        // MathNet gives NaN at p ∈ {0, 1} (0 log 0); the entropy there is 0.
        Close(p is 0 or 1 ? 0 : reference.Entropy, b.Entropy());
        if (p > 0) Close(reference.ProbabilityLn(1), b.LogDensity(true));
        if (p < 1) Close(reference.ProbabilityLn(0), b.LogDensity(false));
        Close(p * (1 - p), b.Variance);
    }

    [Fact]
    public void Bernoulli_from_extreme_logit_keeps_log_probabilities()
    {
        var b = Bernoulli.FromLogit(-800);
        Assert.Equal(0, b.Probability);
        Close(-800, b.LogDensity(true));
        Assert.True(Math.Abs(b.LogDensity(false)) < 1e-300);
        Close(-800, b.Logit);
        var c = Bernoulli.FromLogit(40);
        Close(-Math.Exp(-40), c.LogDensity(false) + 40, 1e-6); // log σ(−40) = −40 − log(1 + e⁻⁴⁰)
        Close(-Math.Exp(-40), c.LogDensity(true), 1e-6);
    }

    [Fact]
    public void Categorical_matches_MathNet()
    {
        var p = new[] { 0.2, 0.5, 0.0, 0.3 };
        var c = new Categorical(p);
        var reference = new MN.Categorical(p);
        // MathNet's entropy is NaN with a zero probability (0 log 0); by hand:
        Close(-(0.2 * Math.Log(0.2) + 0.5 * Math.Log(0.5) + 0.3 * Math.Log(0.3)), c.Entropy());
        Close(new MN.Categorical([0.2, 0.5, 0.3]).Entropy, new Categorical([0.2, 0.5, 0.3]).Entropy());
        for (int k = 0; k < p.Length; k++)
            if (p[k] > 0) Close(reference.ProbabilityLn(k), c.LogDensity(k));
        Assert.Equal(double.NegativeInfinity, c.LogDensity(2));
        Assert.Equal(double.NegativeInfinity, c.LogDensity(4));
        Assert.Equal(double.NegativeInfinity, c.LogDensity(-1));
    }

    [Fact]
    public void Categorical_from_logits_is_softmax_and_stable()
    {
        var c = Categorical.FromLogits([1000, 1000 + Math.Log(3)]);
        Close(0.25, c.Probabilities[0]);
        Close(Math.Log(0.75), c.LogDensity(1));
        Close(Math.Log(3), Categorical.Uniform(3).Entropy());
    }

    [Fact]
    public void Dirichlet_matches_MathNet()
    {
        var alpha = new[] { 0.7, 2.0, 5.5 };
        var x = new[] { 0.1, 0.3, 0.6 };
        var d = new Dirichlet(alpha);
        Close(new MN.Dirichlet(alpha).DensityLn(x), d.LogDensity(x));
        Close(0.7 / 8.2, d.Mean[0]);
        Assert.Equal(double.NegativeInfinity, d.LogDensity([0.5, 0.6, -0.1]));
        Assert.Equal(double.NegativeInfinity, d.LogDensity([0.2, 0.2, 0.2]));
    }

    [Fact]
    public void Dirichlet_entropy_by_identities()
    {
        // Uniform on the 2-simplex: density Γ(3) = 2, entropy −log 2.
        Close(-Math.Log(2), Dirichlet.Symmetric(3, 1).Entropy());
        // In two dimensions the Dirichlet is the Beta on the first coordinate.
        Close(new MN.Beta(2.5, 0.8).Entropy, new Dirichlet([2.5, 0.8]).Entropy(), 1e-9);
        Close(new MN.Beta(2.5, 0.8).DensityLn(0.3), new Dirichlet([2.5, 0.8]).LogDensity([0.3, 0.7]), 1e-9);
    }

    [Fact]
    public void DiagonalGaussian_is_a_product_of_Gaussians()
    {
        var d = new DiagonalGaussian([1, -2], [0.5, 3]);
        var x = new[] { 0.3, 1.0 };
        Close(new MN.Normal(1, Math.Sqrt(0.5)).DensityLn(0.3) + new MN.Normal(-2, Math.Sqrt(3)).DensityLn(1.0), d.LogDensity(x));
        Close(new Gaussian(1, 0.5).Entropy() + new Gaussian(-2, 3).Entropy(), d.Entropy());
    }

    [Fact]
    public void MultivariateGaussian_matches_the_textbook_formula()
    {
        var sigma = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6, 0.1 }, { 0.6, 1.0, -0.3 }, { 0.1, -0.3, 0.5 } });
        var mu = new[] { 1.0, 0.0, -1.0 };
        var x = new[] { 0.5, 0.4, -0.2 };
        var g = new MultivariateGaussian(mu, sigma);
        var diff = Vector<double>.Build.DenseOfArray(x) - Vector<double>.Build.DenseOfArray(mu);
        double expected = -0.5 * (3 * Math.Log(2 * Math.PI) + Math.Log(sigma.Determinant()) + diff * (sigma.Inverse() * diff));
        Close(expected, g.LogDensity(x));
        Close(0.5 * (3 * (1 + Math.Log(2 * Math.PI)) + Math.Log(sigma.Determinant())), g.Entropy());
        Assert.Equal(sigma, g.Covariance);
    }

    static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    [Fact]
    public void Wishart_matches_MathNet()
    {
        var v = M(new[,] { { 1.5, 0.4 }, { 0.4, 0.8 } });
        var x = M(new[,] { { 4.0, 1.0 }, { 1.0, 3.0 } });
        var w = new Wishart(4.5, v);
        Close(Math.Log(new MN.Wishart(4.5, v).Density(x)), w.LogDensity(x));
        Assert.True((w.Mean - v * 4.5).FrobeniusNorm() < 1e-12);
        Assert.Equal(double.NegativeInfinity, w.LogDensity(M(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } })));
    }

    [Fact]
    public void Wishart_in_one_dimension_is_a_Gamma()
    {
        // Wishart(ν, v) on 1×1 matrices is Gamma(shape ν/2, rate 1/(2v)).
        var w = new Wishart(3.4, M(new[,] { { 0.7 } }));
        var g = new MN.Gamma(1.7, 1 / 1.4);
        Close(g.DensityLn(2.2), w.LogDensity(M(new[,] { { 2.2 } })));
        Close(g.Entropy, w.Entropy());
    }

    [Fact]
    public void Wishart_entropy_scales_with_the_Jacobian()
    {
        // Λ ↦ cΛ on d×d symmetric matrices has Jacobian c^(d(d+1)/2), so H(ν, cV) = H(ν, V) + d(d+1)/2 · log c.
        var v = M(new[,] { { 1.5, 0.4, 0.0 }, { 0.4, 0.8, 0.1 }, { 0.0, 0.1, 2.0 } });
        double h1 = new Wishart(5, v).Entropy(), h3 = new Wishart(5, v * 3).Entropy();
        Close(h1 + 6 * Math.Log(3), h3);
    }

    [Fact]
    public void Wishart_entropy_agrees_with_Monte_Carlo()
    {
        var w = new Wishart(4.2, M(new[,] { { 1.0, 0.3 }, { 0.3, 0.6 } }));
        var random = new Random(7);
        int n = 20000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double l = -w.LogDensity(w.Sample(random));
            sum += l;
            sumSq += l * l;
        }
        double mean = sum / n, se = Math.Sqrt((sumSq / n - mean * mean) / n);
        Assert.True(Math.Abs(mean - w.Entropy()) < 5 * se, $"MC {mean} ± {se}, analytic {w.Entropy()}");
    }

    [Fact]
    public void Wishart_Infer_NET_convention()
    {
        // Infer.NET: shape a, scale S, mean a·S; here ν = 2a, V = S/2, mean ν V = a S.
        var s = M(new[,] { { 2.0, 0.5 }, { 0.5, 1.0 } });
        var w = Wishart.FromShapeAndScale(3, s);
        Assert.Equal(6, w.DegreesOfFreedom);
        Assert.True((w.Mean - s * 3).FrobeniusNorm() < 1e-12);
        Assert.True((w.InferNetScale - s).FrobeniusNorm() < 1e-12);
        var fromRate = Wishart.FromShapeAndRate(3, s.Inverse());
        Assert.True((fromRate.Scale - w.Scale).FrobeniusNorm() < 1e-12);
        // Infer.NET's density |X|^(a−(d+1)/2) e^(−tr(X B)) |B|^a / Γ_d(a) at X:
        var x = M(new[,] { { 4.0, 1.0 }, { 1.0, 3.0 } });
        var b = s.Inverse();
        double inferNet = (3 - 1.5) * Math.Log(x.Determinant()) - (x * b).Trace() + 3 * Math.Log(b.Determinant())
                          - ProbLatent.Numerics.SpecialFunctions.MultivariateLogGamma(3, 2);
        Close(inferNet, w.LogDensity(x));
    }

    [Fact]
    public void A_one_dimensional_dirichlet_is_the_point_mass_at_one()
    {
        var single = new Dirichlet([2.5]);
        Assert.Equal(0, single.Entropy(), 12);
        Assert.Equal(0, single.LogDensity([1.0]), 12);
        Assert.Equal([1.0], single.Mean);
        Assert.Equal([1.0], single.Sample(new Random(1)));
        Assert.Equal(0, KullbackLeibler.Divergence(single, new Dirichlet([0.5])), 12);
    }
}
