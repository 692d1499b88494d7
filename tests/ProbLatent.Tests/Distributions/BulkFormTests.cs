using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using MN = MathNet.Numerics.Distributions;

namespace ProbLatent.Tests.Distributions;

/// <summary>
/// The static forms the engines call on arrays of parameters (entropies from a log-variance or a log-determinant,
/// E[log] from shapes and rates) against MathNet or against the distribution built from the same parameters in its
/// own parameterisation, so a slip in a bulk form shows here and not only as a moved ELBO.
/// </summary>
public class BulkFormTests
{
    static void Close(double expected, double actual, double tolerance = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.3)]
    [InlineData(250.0)]
    public void Gaussian_entropy_from_a_log_variance_is_MathNet_s(double variance) =>
        Close(new MN.Normal(0, Math.Sqrt(variance)).Entropy, Gaussian.EntropyFromLogVariance(Math.Log(variance)));

    [Fact]
    public void Multivariate_entropy_from_a_log_determinant_is_the_distribution_s_and_its_precision_s_negation()
    {
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.3, 0.1 }, { 0.3, 0.5, -0.2 }, { 0.1, -0.2, 1.5 } });
        var g = new MultivariateGaussian([0.0, 1.0, -1.0], covariance);
        Close(g.Entropy(), MultivariateGaussian.EntropyFromLogDeterminant(3, Math.Log(covariance.Determinant())));
        Close(g.Entropy(), MultivariateGaussian.EntropyFromLogDeterminant(3, -Math.Log(covariance.Inverse().Determinant())));
        var diagonal = new DiagonalGaussian([0.0, 2.0], [0.5, 4.0]);
        Close(new Gaussian(0, 0.5).Entropy() + new Gaussian(2, 4).Entropy(), diagonal.Entropy());
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(7.0, 0.01)]
    public void Gamma_and_Beta_mean_logs_are_the_closed_forms(double a, double b)
    {
        // E[log x] of Gamma(a, rate b) is ψ(a) − log b; of Beta(a, b), ψ(a) − ψ(a + b): MathNet's digamma as the reference.
        Close(MathNet.Numerics.SpecialFunctions.DiGamma(a) - Math.Log(b), Gamma.MeanLogOf(a, b));
        var (meanLog, complement) = Beta.MeanLogsOf(a, b);
        Close(MathNet.Numerics.SpecialFunctions.DiGamma(a) - MathNet.Numerics.SpecialFunctions.DiGamma(a + b), meanLog);
        Close(MathNet.Numerics.SpecialFunctions.DiGamma(b) - MathNet.Numerics.SpecialFunctions.DiGamma(a + b), complement);
    }

    [Fact]
    public void Dirichlet_mean_log_into_a_span_is_the_distribution_s_and_refuses_a_wrong_length()
    {
        double[] alpha = [0.2, 3.0, 11.5];
        var meanLog = new double[3];
        Dirichlet.MeanLogOf(alpha, alpha.Sum(), meanLog);
        var expected = new Dirichlet(alpha).MeanLog;
        for (int k = 0; k < 3; k++) Close(MathNet.Numerics.SpecialFunctions.DiGamma(alpha[k]) - MathNet.Numerics.SpecialFunctions.DiGamma(alpha.Sum()), meanLog[k]);
        Assert.Equal(expected, meanLog);
        var error = Assert.Throws<ArgumentException>(() => Dirichlet.MeanLogOf(alpha, alpha.Sum(), new double[2]));
        Assert.Contains("3 concentrations", error.Message);
    }

    [Fact]
    public void Wishart_mean_log_determinant_in_shape_and_rate_is_the_scale_form_s()
    {
        // Infer.NET's shape a and rate B are ν = 2a and V = B⁻¹/2: the same E[log det Λ] by another route.
        var rate = Matrix<double>.Build.DenseOfArray(new[,] { { 3.0, 0.4 }, { 0.4, 0.7 } });
        const double shape = 2.75;
        var wishart = Wishart.FromShapeAndRate(shape, rate);
        Close(wishart.MeanLogDeterminant, Wishart.MeanLogDeterminantOfShapeAndRate(shape, Math.Log(rate.Determinant()), 2));
    }

    [Fact]
    public void Categorical_entropy_of_rows_laid_end_to_end_is_the_sum_of_theirs()
    {
        double[] rows = [0.2, 0.8, 0.0, 1.0, 0.5, 0.5];
        double expected = new Categorical([0.2, 0.8]).Entropy() + new Categorical([0.0, 1.0]).Entropy() + new Categorical([0.5, 0.5]).Entropy();
        Close(expected, Categorical.EntropyOf(rows));
    }

    [Fact]
    public void Expected_log_densities_under_a_point_mass_are_the_log_densities_and_under_a_spread_q_lie_below()
    {
        // A q that is a point mass at x has E[T(x)] = T(x): the expected log density is the log density there.
        Close(new Gamma(2.5, 0.7).LogDensity(1.3), Gamma.ExpectedLogDensity(2.5, 0.7, Math.Log(1.3), 1.3));
        Close(new Beta(0.6, 3.0).LogDensity(0.2), Beta.ExpectedLogDensity(0.6, 3.0, Math.Log(0.2), Math.Log(0.8)));
        Close(new Dirichlet([0.5, 2.0, 4.0]).LogDensity([0.1, 0.3, 0.6]),
            Dirichlet.ExpectedLogDensity([0.5, 2.0, 4.0], [Math.Log(0.1), Math.Log(0.3), Math.Log(0.6)]));
        Close(new Gaussian(1.0, 0.25).LogDensity(-0.4), Gaussian.ExpectedLogDensity(1.0, 4.0, -0.4, 0));
        // Under q = N(m, v), E[log N(x | μ, 1/τ)] loses τ v / 2 to the point mass at m.
        Close(new Gaussian(1.0, 0.25).LogDensity(-0.4) - 0.5 * 4.0 * 0.3, Gaussian.ExpectedLogDensity(1.0, 4.0, -0.4, 0.3));
        // E_q[log p] = −H[q] − KL(q ‖ p) for q and p of the same family.
        var q = new Gamma(3.0, 2.0);
        var prior = new Gamma(1.5, 0.5);
        Close(-q.Entropy() - KullbackLeibler.Divergence(q, prior), Gamma.ExpectedLogDensity(1.5, 0.5, q.MeanLog, q.Mean));
    }

    [Fact]
    public void Wishart_and_multivariate_gaussian_expected_log_densities_are_the_log_densities_at_a_point_and_minus_entropy_and_kl_under_q()
    {
        var rate = Matrix<double>.Build.DenseOfArray(new[,] { { 3.0, 0.4 }, { 0.4, 0.7 } });
        const double shape = 2.75;
        var prior = Wishart.FromShapeAndRate(shape, rate);
        var lambda = Matrix<double>.Build.DenseOfArray(new[,] { { 1.2, -0.3 }, { -0.3, 0.9 } });
        double logDetRate = Math.Log(rate.Determinant());
        Close(prior.LogDensity(lambda),
            Wishart.ExpectedLogDensityOfShapeAndRate(shape, rate.ToRowMajorArray(), logDetRate, lambda.ToRowMajorArray(), Math.Log(lambda.Determinant())));
        var q = Wishart.FromShapeAndRate(4.5, lambda.Inverse() * 4.5);
        Close(-q.Entropy() - KullbackLeibler.Divergence(q, prior),
            Wishart.ExpectedLogDensityOfShapeAndRate(shape, rate.ToRowMajorArray(), logDetRate, q.Mean.ToRowMajorArray(), q.MeanLogDeterminant));

        double[] mean = [0.5, -1.0];
        var precision = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6 }, { 0.6, 1.5 } });
        var gaussian = new MultivariateGaussian(mean, precision.Inverse());
        double[] m = [1.5, 0.25];
        double logDetPrecision = Math.Log(precision.Determinant());
        Close(gaussian.LogDensity(m),
            MultivariateGaussian.ExpectedLogDensity(mean, precision.ToRowMajorArray(), logDetPrecision, m, new double[4]));
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, 0.1 }, { 0.1, 0.3 } });
        var spread = new MultivariateGaussian(m, covariance);
        Close(-spread.Entropy() - KullbackLeibler.Divergence(spread, gaussian),
            MultivariateGaussian.ExpectedLogDensity(mean, precision.ToRowMajorArray(), logDetPrecision, m, covariance.ToRowMajorArray()));
        Assert.Contains("2×2 precision", Assert.Throws<ArgumentException>(() =>
            MultivariateGaussian.ExpectedLogDensity(mean, new double[3], 0, m, new double[4])).Message);
    }

    [Fact]
    public void Categorical_and_diagonal_gaussian_kls_of_rows_laid_end_to_end_are_the_sums_of_the_registry_s()
    {
        double[] p = [0.2, 0.8, 0.0, 1.0, 0.5, 0.5], q = [0.4, 0.6, 0.3, 0.7, 0.9, 0.1];
        double expected = 0;
        for (int n = 0; n < 3; n++)
            expected += KullbackLeibler.Divergence(new Categorical(p[(2 * n)..(2 * n + 2)]), new Categorical(q[(2 * n)..(2 * n + 2)]));
        Close(expected, KullbackLeibler.Categoricals(p, q));
        Assert.Equal(double.PositiveInfinity, KullbackLeibler.Categoricals([0.5, 0.5], [1.0, 0.0]));

        double[] meanP = [0.1, -2.0, 3.0, 0.5], logVarianceP = [0.0, -1.5, 2.0, 0.3], meanQ = [0.0, -1.0, 2.5, 0.5], logVarianceQ = [0.2, 0.0, 2.0, 0.3];
        double sum = 0;
        for (int n = 0; n < 2; n++)
        {
            DiagonalGaussian Row(double[] mean, double[] logVariance) =>
                new(mean[(2 * n)..(2 * n + 2)], logVariance[(2 * n)..(2 * n + 2)].Select(Math.Exp).ToArray());
            sum += KullbackLeibler.Divergence(Row(meanP, logVarianceP), Row(meanQ, logVarianceQ));
        }
        Close(sum, KullbackLeibler.DiagonalGaussians(meanP, logVarianceP, meanQ, logVarianceQ));
        Assert.Equal(0, KullbackLeibler.DiagonalGaussians(meanP, logVarianceP, meanP, logVarianceP));
    }

    /// <summary>
    /// A natural parameter η is what multiplies a sufficient statistic T in log p: so log p(x) − log p(y) = η·(T(x) − T(y)),
    /// whatever the normaliser, for each helper's η; and turning η back gives the parameters it came from.
    /// </summary>
    [Fact]
    public void Natural_parameters_multiply_the_sufficient_statistics_in_the_log_density_and_turn_back()
    {
        var (precision, precisionMean) = Gaussian.NaturalOf(1.5, 4.0);
        var gaussian = Gaussian.FromMeanAndPrecision(1.5, 4.0);
        Close(gaussian.LogDensity(0.3) - gaussian.LogDensity(2.0), precisionMean * (0.3 - 2.0) - 0.5 * precision * (0.3 * 0.3 - 2.0 * 2.0));
        Assert.Equal((1.5, 0.25), Gaussian.MomentsOfNatural(precision, precisionMean));

        var (shapeMinusOne, rate) = Gamma.NaturalOf(2.5, 0.7);
        var gamma = new Gamma(2.5, 0.7);
        Close(gamma.LogDensity(1.3) - gamma.LogDensity(0.4), shapeMinusOne * Math.Log(1.3 / 0.4) - rate * (1.3 - 0.4));
        Assert.Equal((2.5, 0.7), Gamma.OfNatural(shapeMinusOne, rate));

        var (alphaMinusOne, betaMinusOne) = Beta.NaturalOf(0.6, 3.0);
        var beta = new Beta(0.6, 3.0);
        Close(beta.LogDensity(0.2) - beta.LogDensity(0.7), alphaMinusOne * Math.Log(0.2 / 0.7) + betaMinusOne * Math.Log(0.8 / 0.3));
        Assert.Equal((0.6, 3.0), Beta.OfNatural(alphaMinusOne, betaMinusOne));

        double[] alpha = [0.5, 2.0, 4.0], x = [0.1, 0.3, 0.6], y = [0.5, 0.25, 0.25];
        var natural = alpha.Select(Dirichlet.NaturalOf).ToArray();
        var dirichlet = new Dirichlet(alpha);
        Close(dirichlet.LogDensity(x) - dirichlet.LogDensity(y), Enumerable.Range(0, 3).Sum(k => natural[k] * Math.Log(x[k] / y[k])));
        var back = new double[3];
        Assert.Equal(6.5, Dirichlet.OfNatural(natural, back));
        Assert.Equal(alpha, back);

        var wishartRate = Matrix<double>.Build.DenseOfArray(new[,] { { 3.0, 0.4 }, { 0.4, 0.7 } });
        var wishart = Wishart.FromShapeAndRate(2.75, wishartRate);
        var lambda = Matrix<double>.Build.DenseOfArray(new[,] { { 1.2, -0.3 }, { -0.3, 0.9 } });
        var other = Matrix<double>.Build.DenseIdentity(2);
        Close(wishart.LogDensity(lambda) - wishart.LogDensity(other),
            Wishart.NaturalShapeOf(2.75, 2) * Math.Log(lambda.Determinant()) - (wishartRate * (lambda - other)).Trace());
        Assert.Equal(2.75, Wishart.ShapeOfNatural(Wishart.NaturalShapeOf(2.75, 2), 2));

        double[] mean = [0.5, -1.0], u = [1.5, 0.25], v = [-0.5, 2.0];
        var lambdaGaussian = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6 }, { 0.6, 1.5 } });
        var multivariate = new MultivariateGaussian(mean, lambdaGaussian.Inverse());
        var eta = new double[2];
        MultivariateGaussian.PrecisionMeanOf(mean, lambdaGaussian.ToRowMajorArray(), eta);
        double Quadratic(double[] z) => Vector<double>.Build.Dense(z) * lambdaGaussian * Vector<double>.Build.Dense(z);
        Close(multivariate.LogDensity(u) - multivariate.LogDensity(v),
            eta[0] * (u[0] - v[0]) + eta[1] * (u[1] - v[1]) - 0.5 * (Quadratic(u) - Quadratic(v)));
        var (m, covariance) = (new double[2], new double[4]);
        MultivariateGaussian.MomentsOfNatural(lambdaGaussian.ToRowMajorArray(), eta, m, covariance, "Λ");
        for (int i = 0; i < 2; i++) Close(mean[i], m[i]);
        var expected = lambdaGaussian.Inverse().ToRowMajorArray();
        for (int i = 0; i < 4; i++) Close(expected[i], covariance[i]);
    }
}
