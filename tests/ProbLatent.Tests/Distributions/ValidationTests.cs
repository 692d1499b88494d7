using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using Xunit;

namespace ProbLatent.Tests.Distributions;

public class ValidationTests
{
    static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    [Fact]
    public void Gamma_names_the_parameter_and_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Gamma(-1, 1));
        Assert.StartsWith("Gamma: shape must be > 0, got -1", e.Message);
        Assert.Equal("shape", e.ParamName);
        Assert.StartsWith("Gamma: rate must be > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Gamma(1, 0)).Message);
        Assert.StartsWith("Gamma: scale must be > 0, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.FromShapeAndScale(1, double.NaN)).Message);
    }

    [Fact]
    public void Univariate_parameters()
    {
        Assert.StartsWith("Gaussian: variance must be > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Gaussian(0, 0)).Message);
        Assert.StartsWith("Gaussian: mean must be finite, got Infinity", Assert.Throws<ArgumentOutOfRangeException>(() => new Gaussian(double.PositiveInfinity, 1)).Message);
        Assert.StartsWith("Gaussian: precision must be > 0, got -2", Assert.Throws<ArgumentOutOfRangeException>(() => Gaussian.FromMeanAndPrecision(0, -2)).Message);
        Assert.StartsWith("Beta: beta must be > 0, got -0.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Beta(1, -0.5)).Message);
        Assert.StartsWith("Bernoulli: probability must be in [0, 1], got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Bernoulli(1.5)).Message);
        Assert.StartsWith("Bernoulli: logit must be finite, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => Bernoulli.FromLogit(double.NaN)).Message);
        Assert.Throws<ArgumentException>(() => new Gaussian(0, 1).LogDensity(double.NaN));
    }

    /// <summary>A one-dimensional Dirichlet (a one-component mixture's weight) is the point mass at (1).</summary>
    [Fact]
    public void A_one_dimensional_dirichlet_is_the_point_mass_at_one()
    {
        var dirichlet = new Dirichlet([3.5]);
        Assert.Equal(0, dirichlet.Entropy());
        Assert.Equal(0, Assert.Single(dirichlet.MeanLog));
        Assert.Equal(1, Assert.Single(dirichlet.Mean));
        Assert.Equal(1, Assert.Single(dirichlet.Sample(new Random(1))));
        Assert.Equal(0, KullbackLeibler.Divergence(dirichlet, new Dirichlet([0.5])), 1e-12);
    }

    [Fact]
    public void Vector_parameters()
    {
        Assert.StartsWith("Categorical: probabilities must sum to 1, got 0.9",
            Assert.Throws<ArgumentException>(() => new Categorical([0.4, 0.5])).Message);
        Assert.StartsWith("Categorical: probabilities[1] must be ≥ 0, got -0.1",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Categorical([1.1, -0.1])).Message);
        Assert.StartsWith("Dirichlet: concentration[2] must be > 0, got 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dirichlet([1, 2, 0])).Message);
        Assert.StartsWith("Dirichlet: concentration must have at least 1 element(s), got 0",
            Assert.Throws<ArgumentException>(() => new Dirichlet([])).Message);
        Assert.StartsWith("DiagonalGaussian: variance has dimension 3, expected 2",
            Assert.Throws<ArgumentException>(() => new DiagonalGaussian([0, 0], [1, 1, 1])).Message);
        Assert.StartsWith("DiagonalGaussian: variance[1] must be > 0, got -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => new DiagonalGaussian([0, 0], [1, -1])).Message);
        Assert.StartsWith("DiagonalGaussian: x has dimension 3, expected 2",
            Assert.Throws<ArgumentException>(() => DiagonalGaussian.Standard(2).LogDensity([0, 0, 0])).Message);
    }

    [Fact]
    public void Matrix_parameters()
    {
        var notPd = M(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } });
        var e = Assert.Throws<NotPositiveDefiniteException>(() => new MultivariateGaussian([0, 0], notPd));
        Assert.Contains("MultivariateGaussian covariance is not positive definite", e.Message);
        Assert.Contains("Wishart scale is not positive definite", Assert.Throws<NotPositiveDefiniteException>(() => new Wishart(3, notPd)).Message);
        Assert.StartsWith("MultivariateGaussian: covariance must be symmetric, but [1,0] = 0.5 and [0,1] = 0",
            Assert.Throws<ArgumentException>(() => new MultivariateGaussian([0, 0], M(new[,] { { 1.0, 0.0 }, { 0.5, 1.0 } }))).Message);
        Assert.StartsWith("MultivariateGaussian: covariance must be 2×2, got 3×3",
            Assert.Throws<ArgumentException>(() => new MultivariateGaussian([0, 0], Matrix<double>.Build.DenseIdentity(3))).Message);
        Assert.StartsWith("Wishart: degreesOfFreedom must be > dimension − 1 = 2, got 2",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Wishart(2, Matrix<double>.Build.DenseIdentity(3))).Message);
        Assert.StartsWith("Wishart: x must be symmetric",
            Assert.Throws<ArgumentException>(() => new Wishart(3, Matrix<double>.Build.DenseIdentity(2)).LogDensity(M(new[,] { { 1.0, 0.0 }, { 0.5, 1.0 } }))).Message);
    }
}

public class WishartFromRateTests
{
    [Fact]
    public void An_ill_conditioned_rate_gives_an_exactly_symmetric_scale()
    {
        // A unit prior plus weighted sums of x xᵀ with x of 0s and 1e38s, as VMP forms for a component's precision on 0/1
        // data scaled by 1e38 (within the data limits). Its inverse, solved column by column, had triangles too far apart
        // for the constructor's symmetry check: an ArgumentException (found by the bad-input property).
        var random = new Random(64);
        int d = 6, n = 1 + random.Next(40);
        var rate = Matrix<double>.Build.DenseIdentity(d);
        for (int r = 0; r < n; r++)
        {
            var x = Enumerable.Range(0, d).Select(_ => random.NextDouble() < 0.4 ? 1e38 : 0).ToArray();
            double w = random.NextDouble();
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) rate[i, j] += w * x[i] * x[j];
        }
        var error = Record.Exception(() =>
        {
            var scale = Wishart.FromShapeAndRate(20, rate).InferNetScale;
            Assert.Equal(scale, scale.Transpose());
        });
        // The rate is so ill-conditioned that its inverse may not be positive definite in double: a fit that fails, not a bug.
        Assert.True(error is null or ProbLatentException, error?.ToString());
    }
}
