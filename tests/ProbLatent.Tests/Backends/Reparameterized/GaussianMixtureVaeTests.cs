using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>
/// The Gaussian-mixture VAE: c ~ Categorical(K), z | c ~ N(m_c, diag s_c²), x | z through a neural decoder, c summed out
/// exactly in training. It trains on a slice of binarized MNIST, the same seed gives the same model bit for bit, it saves
/// and loads, its IWAE estimate sits above its ELBO and meets log p(x) by quadrature on a model small enough for it, and
/// the backends that cannot run it refuse it.
/// </summary>
public class GaussianMixtureVaeTests
{
    static Model Gmvae(int components = 3, int latent = 4, int dimension = 784, int hidden = 32) => Model.Define("gmvae")
        .Latent("c", Prior.Categorical(components))
        .Latent("z", Prior.StandardNormal(latent).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
        .Decoder(Decoder.Mlp(hidden), Likelihood.Bernoulli())
        .Observe("x", dimension)
        .Guide(Encoder.Mlp(hidden));

    static FloatMatrix Train => BinarizedMnist.ReadSingle(ShippedData.MnistTrain);

    static FloatMatrix Test => BinarizedMnist.ReadSingle(ShippedData.MnistTest).EveryNthRow(2);

    [Fact]
    public void It_trains_reproducibly_and_its_importance_estimate_sits_above_its_elbo()
    {
        var backend = Inference.Reparameterized(epochs: 3, batchSize: 50, seed: 4);
        var training = Gmvae().Compile(backend).Train(Train, test: Test);
        Assert.True(training.Epochs[^1].TrainObjective > training.Epochs[0].TrainObjective + 10,
            $"{training.Epochs[0].TrainObjective} → {training.Epochs[^1].TrainObjective}");
        Assert.All(training.Epochs, r => Assert.Equal(r.TrainObjective, r.TrainReconstruction - r.TrainKl, 1e-3));
        var vae = training.Model;
        Assert.True(vae.HasCategorical);

        var again = Gmvae().Compile(backend).Train(Train, test: Test).Model;
        Assert.Equal(Bits(vae), Bits(again));

        var evaluation = vae.Evaluate(Test);
        var elbo = evaluation.Elbo(samples: 3, seed: 2);
        var iwae = evaluation.ImportanceLogLikelihood(samples: 50, seed: 2);
        Assert.True(elbo.KlToPrior > 0);
        Assert.True(iwae.Total > elbo.Value, $"IWAE {iwae.Total} should exceed the ELBO {elbo.Value}");
        Assert.Equal(iwae.Total, evaluation.ImportanceLogLikelihood(samples: 50, seed: 2).Total);
        // The kept epoch's test ELBO is the saved model's, evaluated as the trainer evaluates it.
        Assert.Equal(training.Kept.TestElbo!.Value, vae.Evaluate(Test).Run(VaeQuantities.Elbo, backend.Options.Evaluation).RequireElbo().Value / Test.Rows, 9);

        var q = vae.EncodeComponents(Test);
        Assert.Equal(3, q.Components);
        Assert.Equal(Test.Rows, q.Count);
        for (int n = 0; n < q.Count; n++) Assert.Equal(1.0, q.Responsibilities.Row(n).ToArray().Sum(), 1e-6);
        Assert.Throws<InvalidOperationException>(() => vae.Encode(Test));

        var generated = vae.Generate(20, new Random(1));
        Assert.Equal(784, generated.Data.Columns);
        Assert.All(generated.Data.Values.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void A_saved_model_loads_with_the_same_networks_and_estimates()
    {
        var vae = Gmvae().Compile(Inference.Reparameterized(epochs: 1, batchSize: 50, seed: 5)).Train(Train).Model;
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "gmvae.plm");
        vae.Save(path);
        var loaded = VariationalAutoencoder.Load(path);
        Assert.Equal(vae.Architecture, loaded.Architecture);
        Assert.True(loaded.Architecture.MixtureGuide);
        Assert.Equal(Bits(vae), Bits(loaded));
        Assert.Equal(vae.Evaluate(Test).ImportanceLogLikelihood(samples: 10, seed: 1).Total,
            loaded.Evaluate(Test).ImportanceLogLikelihood(samples: 10, seed: 1).Total);
        Assert.Equal(vae.EncodeComponents(Test).Means(), loaded.EncodeComponents(Test).Means());
    }

    /// <summary>
    /// A one-dimensional z, two components and a decoder of 3 hidden units over 3 pixels: log p(x) = log ∫ Σ_c π_c N(z; m_c,
    /// s_c²) p(x | z) dz by the trapezoid rule on a fine grid. The IWAE-2000 estimate of each of the 8 patterns meets it within
    /// four standard errors (plus the float32 engine's rounding), and IWAE-k on average exceeds the ELBO.
    /// </summary>
    [Fact]
    public void The_importance_estimate_meets_log_p_x_by_quadrature_on_a_tiny_model()
    {
        var network = new VaeNetwork(VaeArchitecture.Of(Gmvae(components: 2, latent: 1, dimension: 3, hidden: 3)));
        var random = new Random(7);
        network.Initialize(random);
        foreach (var p in network.Parameters)
        {
            var span = p.Value.Span;
            for (int i = 0; i < span.Length; i++) span[i] += (float)(random.NextDouble() - 0.5);
        }
        var vae = new VariationalAutoencoder(network);
        var patterns = new double[8 * 3];
        for (int n = 0; n < 8; n++)
            for (int j = 0; j < 3; j++) patterns[n * 3 + j] = (n >> j) & 1;
        var data = new DataMatrix(patterns, 8, 3);

        var (weights, means, logVariances) = vae.PriorMixture();
        const int points = 8001;
        const double lo = -15, hi = 15, h = (hi - lo) / (points - 1);
        var grid = new DataMatrix(Enumerable.Range(0, points).Select(i => lo + i * h).ToArray(), points, 1);
        var probabilities = vae.Decode(grid);
        var estimate = vae.Evaluate(data).ImportanceLogLikelihood(samples: 2000, seed: 3);
        for (int n = 0; n < 8; n++)
        {
            double integral = 0;
            for (int i = 0; i < points; i++)
            {
                double z = grid.Values[i], prior = 0, likelihood = 1;
                for (int c = 0; c < 2; c++)
                    prior += weights[c] * Math.Exp(-0.5 * (Math.Log(2 * Math.PI) + logVariances[c] + (z - means[c]) * (z - means[c]) / Math.Exp(logVariances[c])));
                for (int j = 0; j < 3; j++)
                {
                    double p = probabilities.Values[i * 3 + j];
                    likelihood *= patterns[n * 3 + j] == 1 ? p : 1 - p;
                }
                integral += (i == 0 || i == points - 1 ? 0.5 : 1) * h * prior * likelihood;
            }
            double exact = Math.Log(integral), iwae = estimate.PointEstimates[n], error = estimate.PointStandardErrors[n];
            Assert.True(Math.Abs(iwae - exact) <= 4 * error + 1e-4, $"pattern {n}: IWAE-2000 {iwae} ± {error}, quadrature {exact}");
        }
        var elbo = vae.Evaluate(data).Elbo(samples: 200, seed: 4);
        Assert.True(vae.Evaluate(data).ImportanceLogLikelihood(samples: 20, seed: 4).Total > elbo.Value);
    }

    [Fact]
    public void The_backends_without_a_rule_for_it_refuse_it_with_a_reason()
    {
        var model = Gmvae();
        Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Em()));
        Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Vmp()));
        Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Exact()));
        var iwae = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Reparameterized(importanceSamples: 5)));
        Assert.Contains("summed out", iwae.Message);
        var pointMass = Model.Define("gmvae-point")
            .Latent("c", Prior.Categorical(3))
            .Latent("z", Prior.StandardNormal(4).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
            .Decoder(Decoder.Mlp(8), Likelihood.Bernoulli())
            .Observe("x", 784);
        Assert.Throws<ModelDefinitionException>(() => pointMass.Guide(Encoder.Mlp(8).PointMass()));
    }

    static float[] Bits(VariationalAutoencoder vae) => vae.Network.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
}
