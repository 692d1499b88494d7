using ProbLatent.Backends.Vmp;
using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Xunit.Abstractions;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// The linear-Gaussian factor's average log, computed from gathered statistics by expanding the square, checked
/// against an independent Monte Carlo estimate: draw θ = (W, μ, τ) from q(θ) and average the exact
/// E_q(z)[log p(x | z, θ)] of <see cref="LinearGaussianModel.Elbo"/> at each draw.
/// </summary>
public class LinearGaussianFactorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Average_log_equals_the_expected_log_likelihood_under_q_by_monte_carlo(bool isotropic)
    {
        var data = Csv.Read(ShippedData.BayesianPca);
        var priors = new VmpPriors { GammaShape = 1e-3, GammaRate = 1e-3 };
        var vmp = Model.Define("fa").Latent("z", Prior.StandardNormal(4)).Decoder(Decoder.Linear(Likelihood.Gaussian(isotropic ? Covariance.Isotropic : Covariance.Diagonal)))
            .Observe("x", data.Columns).Compile(Inference.Vmp(priors: priors)).Build(data, new Random(3));
        for (int sweep = 0; sweep < 15; sweep++) vmp.Graph.Sweep();
        double averageLog = vmp.Graph.Factors.Single(f => f.IsLikelihood).AverageLog();

        var posterior = (LinearGaussianPosterior)vmp.ParameterPosterior();
        var qz = (GaussianPosterior)vmp.LatentPosterior();
        var random = new Random(11);
        const int draws = 2000;
        var values = new double[draws];
        for (int s = 0; s < draws; s++)
        {
            var loadings = posterior.Loadings.SelectMany(w => w.Sample(random)).ToArray();
            var offsets = posterior.Offsets.Select(m => m.Sample(random)).ToArray();
            var noise = isotropic
                ? Enumerable.Repeat(1 / posterior.NoisePrecisions[0].Sample(random), 10).ToArray()
                : posterior.NoisePrecisions.Select(g => 1 / g.Sample(random)).ToArray();
            values[s] = new LinearGaussianModel(loadings, offsets, noise, 4, isotropic).Elbo(data, qz).ExpectedLogLikelihood;
        }
        double mean = values.Average();
        double standardError = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (draws - 1) / draws);
        output.WriteLine($"average log {averageLog:F4}, Monte Carlo {mean:F4} ± {standardError:F4}");
        Assert.True(Math.Abs(averageLog - mean) < 5 * standardError + 1e-9 * Math.Abs(mean),
            $"average log {averageLog} vs Monte Carlo {mean} ± {standardError}");
    }
}
