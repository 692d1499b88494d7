using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

public class ReparameterizedBackendTests
{
    static readonly Model Vae = Model.Define("vae")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Mlp(8), Likelihood.Bernoulli())
        .Observe("x", 4);

    [Fact]
    public void Discrete_latents_are_refused_with_the_backends_that_fit_them()
    {
        var mixture = Model.Define("gmm").Latent("z", Prior.Categorical(2))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);
        var e = Assert.Throws<BackendNotSupportedException>(() => mixture.Compile(Inference.Reparameterized()));
        Assert.Contains("no reparameterization", e.Message);
        Assert.Contains("Inference.Em()", e.Message);
        var boolean = Model.Define("sbn").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 5);
        Assert.Contains("Inference.Exact(parameters)", Assert.Throws<BackendNotSupportedException>(() => boolean.Compile(Inference.Reparameterized())).Message);
    }

    [Fact]
    public void Bad_options_and_bad_data_are_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vae.Compile(Inference.Reparameterized(epochs: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Vae.Compile(Inference.Reparameterized(learningRate: double.NaN)));
        Assert.Throws<ArgumentException>(() => Vae.Compile(Inference.Reparameterized(samples: 2, importanceSamples: 3)));
        var compiled = Vae.Compile(Inference.Reparameterized(epochs: 1));
        var nonBinary = new DataMatrix([0, 1, 0.5, 1, 0, 0, 1, 1], 2, 4, source: "pixels.csv");
        var e = Assert.Throws<DataException>(() => compiled.Fit(nonBinary));
        Assert.Equal("pixels.csv, row 0, column 2: value 0.5 is not 0 or 1, which a Bernoulli likelihood needs", e.Message);
        Assert.Contains("has 3 columns", Assert.Throws<DataException>(() => compiled.Fit(new DataMatrix(new double[6], 2, 3))).Message);
        Assert.Contains("is empty", Assert.Throws<DataException>(() => new FloatMatrix([], 0, 4)).Message);
        Assert.Contains("not a finite number", Assert.Throws<DataException>(() => new FloatMatrix([0, float.NaN], 1, 2, "x.bin")).Message);
    }

    [Fact]
    public void Fit_reports_an_importance_sampled_log_likelihood_with_its_error_for_a_neural_decoder()
    {
        var random = new Random(2);
        var data = new DataMatrix(Enumerable.Range(0, 400).Select(i => (double)((i % 4 < 2) ^ (random.NextDouble() < 0.1) ? 1 : 0)).ToArray(), 100, 4);
        var fit = Vae.Compile(Inference.Reparameterized(epochs: 20, batchSize: 10, learningRate: 1e-2, seed: 1, logLikelihoodSamples: 200)).Fit(data);
        Assert.IsType<VariationalAutoencoder>(fit.Parameters);
        Assert.False(fit.LogLikelihoodIsExact);
        Assert.Equal(200, fit.LogLikelihoodSamples);
        Assert.True(fit.LogLikelihoodStandardError > 0);
        // IWAE-200 is above the ELBO up to the Monte Carlo error of both estimates (the ELBO's is not in the standard error).
        var elbo = fit.Trained!.Evaluate(data).Elbo(samples: 200, seed: 5).Value;
        Assert.True(fit.LogLikelihood - elbo > -3 * fit.LogLikelihoodStandardError - 0.1, $"IWAE {fit.LogLikelihood} ± {fit.LogLikelihoodStandardError}, ELBO {elbo}");
        Assert.Equal(20, fit.Iterations);
        Assert.Equal(20, fit.Trace.Count);
        Assert.IsType<DiagonalGaussianPosterior>(fit.LatentPosterior);
        // Four binary pixels in two correlated pairs: log p(x) per point must beat independent fair coins, 4 log ½.
        Assert.True(fit.LogLikelihoodPerPoint > 4 * Math.Log(0.5), $"{fit.LogLikelihoodPerPoint}");
    }
}
