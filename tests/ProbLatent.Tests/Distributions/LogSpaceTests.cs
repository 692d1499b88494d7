using ProbLatent.Distributions;
using Xunit;

namespace ProbLatent.Tests.Distributions;

/// <summary>
/// Draws and densities kept in logs, for precisions whose Gamma shape is far below 1 (a broad prior that no data moved):
/// the same draws and densities as the plain forms where those are finite, and finite where the plain draw underflows.
/// </summary>
public class LogSpaceTests
{
    [Theory]
    [InlineData(2.5, 3.0)]
    [InlineData(0.3, 0.7)]
    public void A_gamma_draw_in_logs_is_the_plain_draw_and_its_density_the_plain_density(double shape, double rate)
    {
        var gamma = new Gamma(shape, rate);
        var (plain, logs) = (new Random(5), new Random(5));
        for (int i = 0; i < 50; i++)
        {
            double x = gamma.Sample(plain), logX = gamma.SampleLog(logs);
            Assert.Equal(Math.Log(x), logX, 1e-12 * Math.Max(1, Math.Abs(logX)));
            Assert.Equal(gamma.LogDensity(x), gamma.LogDensityAtLog(logX), 1e-9 * Math.Max(1, Math.Abs(gamma.LogDensity(x))));
        }
    }

    [Fact]
    public void A_gamma_of_shape_a_thousandth_draws_finite_logs_where_its_plain_draws_underflow()
    {
        var gamma = new Gamma(1e-3, 0.5);
        var random = new Random(3);
        var logs = Enumerable.Range(0, 200).Select(_ => gamma.SampleLog(random)).ToArray();
        Assert.Contains(logs, l => Math.Exp(l) == 0);
        Assert.All(logs, l => Assert.True(double.IsFinite(gamma.LogDensityAtLog(l)), $"log p at log x = {l} is not finite"));
        Assert.True(double.IsPositiveInfinity(gamma.LogDensity(0)));
    }

    [Theory]
    [InlineData(0.4, -1.0, 2.0)]
    [InlineData(3.0, 1.5, 0.01)]
    public void A_gaussian_density_given_the_log_precision_is_the_plain_density(double x, double mean, double precision)
    {
        Assert.Equal(Gaussian.FromMeanAndPrecision(mean, precision).LogDensity(x), Gaussian.LogDensityAtLogPrecision(x, mean, Math.Log(precision)), 1e-12);
        Assert.True(double.IsFinite(Gaussian.LogDensityAtLogPrecision(x, mean, -800)));
    }
}
