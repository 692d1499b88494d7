using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using Xunit;

namespace ProbLatent.Tests.Distributions;

public class KullbackLeiblerTests
{
    static void Close(double expected, double actual, double tolerance = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");

    /// <summary>∫ p log(p/q) by adaptive quadrature, as an independent reference.</summary>
    static double Quadrature(IDistribution<double> p, IDistribution<double> q, double a, double b) =>
        Integrate.OnClosedInterval(x =>
        {
            double lp = p.LogDensity(x);
            return double.IsNegativeInfinity(lp) ? 0 : Math.Exp(lp) * (lp - q.LogDensity(x));
        }, a, b, 1e-12);

    [Fact]
    public void Gaussian_by_hand_and_by_quadrature()
    {
        // KL(N(0,1) ‖ N(1,2)) = ½ (½ − 1 − log ½ + ½) = ½ log 2
        Close(0.5 * Math.Log(2), KullbackLeibler.Divergence(new Gaussian(0, 1), new Gaussian(1, 2)));
        var p = new Gaussian(0.3, 0.7);
        var q = new Gaussian(-1, 2.5);
        Close(Quadrature(p, q, -15, 15), KullbackLeibler.Divergence(p, q), 1e-8);
    }

    [Fact]
    public void Gamma_by_quadrature()
    {
        var p = new Gamma(3, 2);
        var q = new Gamma(1.5, 0.7);
        Close(Quadrature(p, q, 0, 60), KullbackLeibler.Divergence(p, q), 1e-8);
    }

    [Fact]
    public void Beta_by_quadrature()
    {
        var p = new Beta(2, 5);
        var q = new Beta(3.5, 1.2);
        Close(Quadrature(p, q, 0, 1), KullbackLeibler.Divergence(p, q), 1e-8);
    }

    [Fact]
    public void Two_dimensional_Dirichlet_is_Beta()
    {
        Close(KullbackLeibler.Divergence(new Beta(2, 5), new Beta(3.5, 1.2)),
              KullbackLeibler.Divergence(new Dirichlet([2, 5]), new Dirichlet([3.5, 1.2])));
    }

    [Fact]
    public void One_dimensional_Wishart_is_Gamma()
    {
        // Wishart(ν, v) in 1-D is Gamma(ν/2, rate 1/(2v)).
        var p = new Wishart(3, Matrix<double>.Build.Dense(1, 1, 0.4));
        var q = new Wishart(5.5, Matrix<double>.Build.Dense(1, 1, 2.0));
        Close(KullbackLeibler.Divergence(new Gamma(1.5, 1 / 0.8), new Gamma(2.75, 0.25)), KullbackLeibler.Divergence(p, q));
    }

    [Fact]
    public void Full_covariance_with_diagonal_covariances_equals_diagonal()
    {
        var p = new MultivariateGaussian([1, 2], Matrix<double>.Build.DenseOfDiagonalArray([0.5, 3]));
        var q = new MultivariateGaussian([0, -1], Matrix<double>.Build.DenseOfDiagonalArray([2, 0.25]));
        Close(KullbackLeibler.Divergence(new DiagonalGaussian([1, 2], [0.5, 3]), new DiagonalGaussian([0, -1], [2, 0.25])),
              KullbackLeibler.Divergence(p, q));
        Close(KullbackLeibler.Divergence(new Gaussian(1, 0.5), new Gaussian(0, 2)) + KullbackLeibler.Divergence(new Gaussian(2, 3), new Gaussian(-1, 0.25)),
              KullbackLeibler.Divergence(p, q));
    }

    [Fact]
    public void Multivariate_Gaussian_matches_the_textbook_formula()
    {
        var sp = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6 }, { 0.6, 1.0 } });
        var sq = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -0.2 }, { -0.2, 0.5 } });
        var mp = Vector<double>.Build.DenseOfArray([1.0, 0.0]);
        var mq = Vector<double>.Build.DenseOfArray([-0.5, 0.3]);
        var diff = mq - mp;
        double expected = 0.5 * ((sq.Inverse() * sp).Trace() + diff * (sq.Inverse() * diff) - 2 + Math.Log(sq.Determinant() / sp.Determinant()));
        Close(expected, KullbackLeibler.Divergence(new MultivariateGaussian(mp.ToArray(), sp), new MultivariateGaussian(mq.ToArray(), sq)));
    }

    [Fact]
    public void A_Gaussian_posterior_s_KL_is_the_registry_s_summed_over_its_points()
    {
        // Two points, each with its own covariance: the posterior's bulk KL is the registry's per point, to rounding.
        double[] meansP = [1.0, 0.0, -2.0, 0.5], meansQ = [-0.5, 0.3, 0.0, 0.0];
        double[] covariancesP = [2.0, 0.6, 0.6, 1.0, 0.3, 0.0, 0.0, 4.0], covariancesQ = [1.0, -0.2, -0.2, 0.5, 1.0, 0.1, 0.1, 1.0];
        var p = new ProbLatent.LatentModels.GaussianPosterior(meansP, covariancesP, 2, 2);
        var q = new ProbLatent.LatentModels.GaussianPosterior(meansQ, covariancesQ, 2, 2);
        double expected = 0;
        for (int n = 0; n < 2; n++)
            expected += KullbackLeibler.Divergence(
                new MultivariateGaussian(meansP[(2 * n)..(2 * n + 2)], Matrix<double>.Build.Dense(2, 2, covariancesP[(4 * n)..(4 * n + 4)])),
                new MultivariateGaussian(meansQ[(2 * n)..(2 * n + 2)], Matrix<double>.Build.Dense(2, 2, covariancesQ[(4 * n)..(4 * n + 4)])));
        Close(expected, p.KlDivergence(q), 1e-13);
        Assert.Throws<ArgumentException>(() => KullbackLeibler.Gaussians(meansP.AsSpan(0, 2), p.CovarianceFactor(0), meansQ.AsSpan(0, 2),
            q.CovarianceFactor(0), new double[3]));
    }

    [Fact]
    public void Discrete_by_hand()
    {
        Close(0.3 * Math.Log(0.3 / 0.6) + 0.7 * Math.Log(0.7 / 0.4), KullbackLeibler.Divergence(new Bernoulli(0.3), new Bernoulli(0.6)));
        Close(0.5 * Math.Log(0.5 / 0.25) + 0.5 * Math.Log(0.5 / 0.25),
              KullbackLeibler.Divergence(new Categorical([0.5, 0.0, 0.5]), new Categorical([0.25, 0.5, 0.25])));
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Divergence(new Categorical([0.5, 0.5]), new Categorical([1.0, 0.0])));
        Assert.Equal(0, KullbackLeibler.Divergence(new Bernoulli(0), new Bernoulli(0)));
        // From logits far in the tail the divergence stays finite and accurate: KL ≈ p (ℓp − ℓq) for tiny p, q.
        Close(Math.Exp(-30) * 10, KullbackLeibler.Divergence(Bernoulli.FromLogit(-30), Bernoulli.FromLogit(-40)), 1e-6);
    }

    [Fact]
    public void An_unregistered_pair_names_both_types()
    {
        var e = Assert.Throws<ProbLatentException>(() => KullbackLeibler.Divergence(new Gaussian(0, 1), new Gamma(1, 1)));
        Assert.Contains("Gaussian", e.Message);
        Assert.Contains("Gamma", e.Message);
        Assert.Contains("no closed form", e.Message);
        Assert.False(KullbackLeibler.HasClosedForm(typeof(Gaussian), typeof(Gamma)));
        Assert.True(KullbackLeibler.HasClosedForm(typeof(Wishart), typeof(Wishart)));
    }

    [Fact]
    public void Mismatched_dimensions_are_reported()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            KullbackLeibler.Divergence(DiagonalGaussian.Standard(2), DiagonalGaussian.Standard(3)));
        Assert.Contains("p has 2, q has 3", e.Message);
    }

    sealed class PointMass(double at) : IDistribution<double>
    {
        public double At => at;
        public double Entropy() => 0;
        public double LogDensity(double x) => x == at ? 0 : double.NegativeInfinity;
        public double Sample(Random random) => at;
    }

    [Fact]
    public void Register_adds_a_pair()
    {
        Assert.False(KullbackLeibler.HasClosedForm(typeof(PointMass), typeof(Gaussian)));
        KullbackLeibler.Register<PointMass, Gaussian>((p, q) => -q.LogDensity(p.At)); // −H(δ) − E_δ[log q]
        Assert.True(KullbackLeibler.HasClosedForm(typeof(PointMass), typeof(Gaussian)));
        Close(-Gaussian.Standard.LogDensity(1), KullbackLeibler.Divergence(new PointMass(1), Gaussian.Standard));
    }
}
