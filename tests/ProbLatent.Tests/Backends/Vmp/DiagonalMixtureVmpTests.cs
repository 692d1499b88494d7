using ProbLatent.Backends;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Xunit.Abstractions;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// The Bayesian diagonal-covariance Gaussian mixture on 10,000 points of the benchmark mixture (the distribution of the
/// shared mixture3_100k.csv, drawn in-process), with weights 0.5/0.3/0.2 and means (−5, −2), (5, −2), (0, 6).
/// </summary>
public class DiagonalMixtureVmpTests(ITestOutputHelper output)
{
    static readonly Model Mixture = Model.Define("mixture3")
        .Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("x", dimension: 2);

    static readonly Lazy<DataMatrix> Data = new(() => Synthetic.ThreeGaussiansData(10_000, seed: 1));

    static readonly Lazy<FitResult> Fit = new(() => Mixture.Compile(Inference.Vmp(restarts: 3, seed: 1)).Fit(Data.Value));

    static readonly (double Weight, double[] Mean)[] Truth = [(0.5, [-5, -2]), (0.3, [5, -2]), (0.2, [0, 6])];

    [Fact]
    public void Recovers_the_generating_weights_and_means()
    {
        var fit = Fit.Value;
        Assert.True(fit.Converged);
        var mixture = Assert.IsType<GaussianMixture>(fit.Parameters);
        Assert.Equal(Covariance.Diagonal, mixture.CovarianceKind);
        foreach (var (weight, mean) in Truth)
        {
            // the fitted component nearest the true mean
            int k = Enumerable.Range(0, 3).MinBy(c => Distance(mixture.Mean(c), mean));
            output.WriteLine($"component {k}: weight {mixture.Weights[k]:F4} (true {weight}), mean ({mixture.Mean(k)[0]:F4}, {mixture.Mean(k)[1]:F4}) (true ({mean[0]}, {mean[1]}))");
            Assert.Equal(weight, mixture.Weights[k], 0.02);
            Assert.Equal(mean[0], mixture.Mean(k)[0], 0.1);
            Assert.Equal(mean[1], mixture.Mean(k)[1], 0.1);
        }
    }

    [Fact]
    public void The_elbo_trace_never_decreases()
    {
        var trace = Fit.Value.Trace;
        Assert.True(trace.Count >= 2);
        for (int i = 1; i < trace.Count; i++)
            Assert.True(trace[i] >= trace[i - 1] - 1e-9 * Math.Abs(trace[i - 1]), $"ELBO fell from {trace[i - 1]} to {trace[i]} at sweep {i + 1}");
        Assert.Equal(trace[^1], Fit.Value.Elbo.Value);
    }

    /// <summary>
    /// ELBO ≤ log p(x) = log ∫ p(x | θ) p(θ) dθ ≤ max_θ log p(x | θ): no Bayesian bound may exceed the maximum
    /// likelihood of the same family, which EM reaches on data this well separated.
    /// </summary>
    [Fact]
    public void The_elbo_is_below_the_maximum_likelihood_of_the_same_family()
    {
        var em = Mixture.Compile(Inference.Em(restarts: 3, seed: 1, regularization: 0)).Fit(Data.Value);
        output.WriteLine($"VMP ELBO {Fit.Value.Elbo.Value:F2} after {Fit.Value.Iterations} sweeps; EM log-likelihood {em.LogLikelihood:F2}");
        Assert.True(Fit.Value.Elbo.Value < em.LogLikelihood, $"VMP ELBO {Fit.Value.Elbo.Value} vs EM log-likelihood {em.LogLikelihood}");
        // the gap is the price of the parameters' uncertainty: a few nats per parameter at most, not a bad fit
        Assert.InRange(em.LogLikelihood - Fit.Value.Elbo.Value, 0, 20 * em.Parameters.ParameterCount);
    }

    [Fact]
    public void The_posterior_is_reported_per_component_and_dimension()
    {
        var posterior = Assert.IsType<DiagonalGaussianMixturePosterior>(Fit.Value.ParameterPosterior);
        Assert.Equal(3, posterior.Means.Count);
        Assert.All(posterior.Means, m => Assert.Equal(2, m.Count));
        Assert.All(posterior.Precisions, p => Assert.Equal(2, p.Count));
        // about N/3 points per component: the posterior of each mean is far narrower than its prior (variance 100)
        Assert.All(posterior.Means.SelectMany(m => m), g => Assert.InRange(g.Variance, 0, 1e-2));
        Assert.Equal(10_000 + 3, posterior.Weights.TotalConcentration, 1e-6);
        var mixture = (GaussianMixture)posterior.Mean();
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(1 / posterior.Precisions[k][j].Mean, mixture.Covariance(k)[j, j], 1e-12);
    }

    static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
