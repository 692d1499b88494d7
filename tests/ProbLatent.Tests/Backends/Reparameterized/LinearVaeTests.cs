using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>A VAE with a linear decoder and Gaussian likelihood is PPCA, whose log p(x) is exact: the bounds can be checked.</summary>
public class LinearVaeTests
{
    static readonly Model Ppca = Model.Define("ppca")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", dimension: 6);

    static DataMatrix PpcaData(int rows = 2000, int seed = 5)
    {
        var random = new Random(seed);
        var loadings = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var truth = new LinearGaussianModel(loadings, [1, -2, 3, 0, 0.5, 2], Enumerable.Repeat(0.3, 6).ToArray(), 2, isotropic: true);
        return truth.Generate(rows, random).Data;
    }

    [Fact]
    public void Trained_elbo_is_below_the_exact_log_likelihood_of_the_same_decoder_and_within_a_nat_per_point()
    {
        var data = PpcaData();
        var fit = Ppca.Compile(Inference.Reparameterized(epochs: 60, batchSize: 50, learningRate: 1e-2, seed: 1)).Fit(data);
        var decoder = Assert.IsType<LinearGaussianModel>(fit.Parameters);
        Assert.True(fit.LogLikelihoodIsExact);
        Assert.Equal(decoder.PointLogLikelihoods(data).Sum(), fit.LogLikelihood, 1e-6);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood, $"ELBO {fit.Elbo.Value} above log p(x) {fit.LogLikelihood}");
        // The q the fit reports is the trained encoder's q(z | x): its means, and its variances on a diagonal covariance
        // (the form the linear model's ELBO takes), not, say, the decoder's exact posterior.
        var reported = Assert.IsType<GaussianPosterior>(fit.LatentPosterior);
        var encoded = fit.Trained!.Encode(data);
        // The fit encodes the standardized data it trained on; the trained model takes the map back into its float32
        // input standardisation, so the two agree to float32 rounding.
        Assert.Equal((data.Rows, 2), (reported.Count, reported.Dimension));
        Assert.Equal(encoded.Means(), reported.Means(), new FloatRounding());
        var variances = encoded.Variances();
        for (int n = 0; n < data.Rows; n++)
        {
            var covariance = reported.Covariance(n).ToArray();
            Assert.Equal(new double[] { variances[2 * n], 0, 0, variances[2 * n + 1] }, covariance, new FloatRounding());
        }
        // The reported ELBO is the linear model's ELBO of that q (as the fit computes it: this pins only which q and which form).
        Assert.Equal(fit.Elbo.Value, decoder.Elbo(data, fit.LatentPosterior).Value);
        Assert.True(fit.Gap / data.Rows < 1.0, $"gap {fit.Gap / data.Rows} nats per point");
        // The decoder itself is close to the maximum-likelihood PPCA.
        var exact = Ppca.Compile(Inference.Exact()).Fit(data);
        Assert.True((exact.LogLikelihood - fit.LogLikelihood) / data.Rows < 0.05,
            $"log p(x) per point {fit.LogLikelihoodPerPoint} vs the maximum {exact.LogLikelihoodPerPoint}");

        // The importance-sampled estimate lies between the ELBO and the exact value, within its Monte Carlo error.
        var estimate = fit.Trained!.Evaluate(data).ImportanceLogLikelihood(samples: 200, seed: 3);
        double slack = 3 * estimate.TotalStandardError + 1e-3 * Math.Abs(fit.LogLikelihood);
        Assert.InRange(estimate.Total, fit.Elbo.Value - slack, fit.LogLikelihood + slack);
    }

    [Fact]
    public void The_same_seed_gives_the_same_fit_and_another_seed_another()
    {
        var data = PpcaData(rows: 300);
        var backend = Inference.Reparameterized(epochs: 3, batchSize: 32, learningRate: 1e-2, seed: 4);
        var a = Ppca.Compile(backend).Fit(data);
        var b = Ppca.Compile(backend).Fit(data);
        var c = Ppca.Compile(Inference.Reparameterized(epochs: 3, batchSize: 32, learningRate: 1e-2, seed: 5)).Fit(data);
        Assert.Equal(a.Trace, b.Trace);
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
        Assert.NotEqual(a.LogLikelihood, c.LogLikelihood);
    }

    [Fact]
    public void Data_in_its_own_units_trains_as_well_as_standardised_data()
    {
        // Old Faithful's waiting times are around 70 minutes: the encoder sees them standardised, the decoder starts at their scale.
        var data = Examples.OldFaithful();
        var ppca = Model.Define("faithful").Latent("z", Prior.StandardNormal(1))
            .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 2);
        var fit = ppca.Compile(Inference.Reparameterized(epochs: 300, batchSize: 32, learningRate: 3e-2, seed: 1)).Fit(data);
        var exact = ppca.Compile(Inference.Exact()).Fit(data);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood);
        Assert.True((exact.LogLikelihood - fit.LogLikelihood) / data.Rows < 0.05, $"{fit.LogLikelihoodPerPoint} vs {exact.LogLikelihoodPerPoint}");
        Assert.True(fit.Gap / data.Rows < 0.1, $"gap {fit.Gap / data.Rows} per point");
    }
}

/// <summary>Equal to float32 rounding: a relative difference of at most 10⁻⁵.</summary>
sealed class FloatRounding : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-5 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
    public int GetHashCode(double value) => 0;
}
