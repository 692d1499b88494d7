using ProbLatent.Backends;
using ProbLatent.Backends.ScoreFunction;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.ScoreFunction;

public class ScoreFunctionTests
{
    internal static Model Definition(int bits, int dimension) =>
        Model.Define("sbn").Latent("h", Prior.Bernoulli(bits)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", dimension);

    /// <summary>A one-layer net with weights uniform in ±spread and an encoder of its own random weights.</summary>
    internal static BooleanLatentModel RandomNet(Random random, int bits, int dimension, double spread = 2, double encoderSpread = 1)
    {
        double[] Draw(int count, double scale) => Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
        var decoder = new SigmoidLayer(Draw(dimension * bits, spread), Draw(dimension, spread / 2), bits);
        var priors = Enumerable.Range(0, bits).Select(_ => 0.2 + 0.6 * random.NextDouble()).ToArray();
        return new BooleanLatentModel(priors, [decoder], new BeliefNetEncoder(Draw(dimension * bits, encoderSpread), Draw(bits, encoderSpread / 2)));
    }

    [Fact]
    public void Iwae_with_many_samples_is_within_its_error_of_the_exact_log_likelihood_and_the_elbo_and_few_samples_lie_below()
    {
        var random = new Random(5);
        var net = RandomNet(random, bits: 6, dimension: 12);
        var data = net.Generate(200, random).Data;
        double exact = net.PointLogLikelihoods(data).Average();
        var many = BeliefNetImportance.Estimate(net, data, samples: 4000, seed: 1);
        // The Monte Carlo error of the mean over these points (not across points: the points are the same for both).
        Assert.InRange(many.Mean, exact - 4 * many.LogLikelihood.StandardError, exact + 4 * many.LogLikelihood.StandardError);
        Assert.True(many.LogLikelihood.StandardError < 0.05, $"s.e. {many.LogLikelihood.StandardError}");
        Assert.True(many.Elbo < exact, $"ELBO {many.Elbo} vs exact {exact}");
        // IWAE-2 is a lower bound in expectation: its mean over 200 points, each with its own draws, falls below log p(x).
        var few = BeliefNetImportance.Estimate(net, data, samples: 2, seed: 1);
        Assert.True(few.Mean < exact, $"IWAE-2 {few.Mean} vs exact {exact}");
        Assert.True(few.Mean < many.Mean);
        Assert.True(few.Elbo <= few.Mean + 1e-9);
    }

    [Theory]
    [InlineData(ScoreEstimator.Vimco)]
    [InlineData(ScoreEstimator.Nvil)]
    public void Training_on_a_small_synthetic_set_raises_the_bound_and_the_exact_log_likelihood(ScoreEstimator estimator)
    {
        var random = new Random(7);
        var truth = RandomNet(random, bits: 5, dimension: 24, spread: 3);
        var data = truth.Generate(600, random).Data;
        var model = Definition(5, 24);
        var reports = new List<FitProgress>();
        var fit = model.Compile(Inference.ScoreFunction(estimator, samples: 5, epochs: 15, batchSize: 20, learningRate: 3e-2, seed: 2, evaluationSamples: 200))
            .Fit(data, new SynchronousProgress<FitProgress>(reports.Add));
        Assert.Equal(16, fit.Trace.Count);
        Assert.Equal(fit.Trace.Skip(1), reports.Select(r => r.Objective));
        Assert.All(reports, r => Assert.True(r.SamplesPerSecond > 0, $"{r.SamplesPerSecond} samples/s"));
        Assert.True(fit.Trace[^1] > fit.Trace[0] + 1, $"trace {string.Join(", ", fit.Trace)}");
        var net = Assert.IsType<BooleanLatentModel>(fit.Parameters);
        Assert.NotNull(net.Encoder);
        // Five bits are enumerable: the fit reports the exact log-likelihood, above its encoder's ELBO.
        Assert.True(fit.LogLikelihoodIsExact);
        Assert.True(fit.LogLikelihood >= fit.Elbo.Value - 3 * fit.ElboStandardError);
        var start = model.Compile(Inference.ScoreFunction(estimator, samples: 5, epochs: 1, batchSize: 600, learningRate: 1e-6, seed: 2, evaluationSamples: 0)).Fit(data);
        Assert.True(net.PointLogLikelihoods(data).Sum() > ((BooleanLatentModel)start.Parameters).PointLogLikelihoods(data).Sum() + data.Rows);
    }

    [Fact]
    public void The_same_seed_gives_the_same_fit_bit_for_bit()
    {
        var random = new Random(8);
        var data = RandomNet(random, bits: 30, dimension: 40).Generate(300, random).Data;
        var backend = Inference.ScoreFunction(samples: 4, epochs: 2, batchSize: 32, seed: 3, evaluationSamples: 50, evaluationRows: 100);
        var a = Definition(30, 40).Compile(backend).Fit(data);
        var b = Definition(30, 40).Compile(backend).Fit(data);
        var (netA, netB) = ((BooleanLatentModel)a.Parameters, (BooleanLatentModel)b.Parameters);
        Assert.Equal(netA.Weights, netB.Weights);
        Assert.Equal(netA.Encoder!.Weights, netB.Encoder!.Weights);
        Assert.Equal(a.Trace, b.Trace);
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
        var other = Definition(30, 40).Compile(new ScoreFunctionBackend(backend.Options with { Seed = 4 })).Fit(data);
        Assert.NotEqual(netA.Weights, ((BooleanLatentModel)other.Parameters).Weights);
    }

    [Fact]
    public void A_net_too_large_to_enumerate_reports_the_iwae_estimate_encodes_by_its_encoder_and_saves_it()
    {
        var random = new Random(9);
        var data = RandomNet(random, bits: 40, dimension: 30).Generate(200, random).Data;
        var fit = Definition(40, 30).Compile(Inference.ScoreFunction(epochs: 2, batchSize: 25, evaluationSamples: 100, evaluationRows: 50)).Fit(data);
        Assert.False(fit.LogLikelihoodIsExact);
        Assert.Equal(100, fit.LogLikelihoodSamples);
        Assert.True(fit.LogLikelihoodStandardError > 0);
        Assert.True(fit.LogLikelihood >= fit.Elbo.Value - 3 * fit.ElboStandardError, $"{fit.LogLikelihood} vs ELBO {fit.Elbo.Value}");
        var net = (BooleanLatentModel)fit.Parameters;
        Assert.False(net.IsEnumerable);
        var q = Assert.IsType<FactorizedBooleanPosterior>(fit.Encode(data));
        Assert.Equal(40, q.Bits);
        Assert.Equal(net.Encoder!.Probabilities(data)[..40], q.Probabilities(0).ToArray());
        var refusal = Assert.Throws<BackendNotSupportedException>(() => net.PointLogLikelihoods(data));
        Assert.Contains("40 boolean latents", refusal.Message);
        Assert.Contains($"n ≤ {BooleanLatentModel.MaxExactBits}", refusal.Message);
        Assert.Contains("BeliefNetImportance", refusal.Message);

        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sbn.plm");
        fit.Save(path);
        var loaded = Assert.IsType<BooleanLatentModel>(LatentModelFile.Load(path));
        Assert.Equal(net.Encoder.Weights, loaded.Encoder!.Weights);
        Assert.Equal(net.Encoder.Bias, loaded.Encoder.Bias);
        Assert.Equal(net.Weights, loaded.Weights);
        Assert.Equal(BeliefNetImportance.Estimate(net, data, 20).Mean, BeliefNetImportance.Estimate(loaded, data, 20).Mean);
        Assert.Equal(30, loaded.Generate(5, new Random(1)).Data.Columns);
    }

    [Fact]
    public void A_learning_rate_that_diverges_stops_naming_the_epoch_and_minibatch_with_the_net_before_it()
    {
        var random = new Random(10);
        var data = RandomNet(random, bits: 10, dimension: 20).Generate(100, random).Data;
        var e = Assert.Throws<ScoreFunctionDivergedException>(() =>
            Definition(10, 20).Compile(Inference.ScoreFunction(epochs: 5, batchSize: 10, learningRate: 1e38)).Fit(data));
        Assert.IsAssignableFrom<FitDivergedException>(e);
        Assert.Contains($"epoch {e.Epoch}, minibatch {e.Batch}", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.All(e.LastGood.Weights, w => Assert.True(double.IsFinite(w)));
        // The first minibatch's step is kept: Adam's first step moves each weight by the learning rate, so the logits of the
        // second overflow float32, and the net it carries is the one after that step, not the start's.
        Assert.Equal((1, 2), (e.Epoch, e.Batch));
        Assert.InRange(e.LastGood.Weights.Max(Math.Abs), 0.99e38, 1.01e38);
    }

    [Fact]
    public void Cancellation_before_the_first_epoch_ends_throws()
    {
        var random = new Random(11);
        var data = RandomNet(random, bits: 4, dimension: 8).Generate(50, random).Data;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Definition(4, 8).Compile(Inference.ScoreFunction()).Fit(data, cancellation: cancelled.Token));
    }

    [Fact]
    public void Em_and_vmp_refuse_a_large_net_and_the_score_function_backend_refuses_what_it_does_not_train_but_trains_several_layers()
    {
        var large = Definition(200, 784);
        var em = Assert.Throws<BackendNotSupportedException>(() => large.Compile(Inference.Em()));
        Assert.Contains("200 boolean latents", em.Message);
        Assert.Contains($"n ≤ {BooleanLatentModel.MaxExactBits}", em.Message);
        Assert.Contains("Inference.ScoreFunction()", em.Message);
        var vmp = Assert.Throws<BackendNotSupportedException>(() => large.Compile(Inference.Vmp()));
        Assert.Contains("not conjugate", vmp.Message);
        Assert.Contains("Inference.ScoreFunction()", Assert.Throws<BackendNotSupportedException>(() => large.Compile(Inference.Reparameterized())).Message);

        var twoLayers = Model.Define("deep").Latent("h2", Prior.Bernoulli(10))
            .Latent("h1", Prior.Bernoulli(50).Given("h2", Decoder.Linear(Likelihood.Bernoulli()))).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 20);
        Assert.Equal([10, 50], twoLayers.Compile(Inference.ScoreFunction()).LayerBits);
        var relu = twoLayers.Guide(Encoder.Mlp(8).WithActivation(Activation.Relu));
        Assert.Contains("tanh hidden layers", Assert.Throws<BackendNotSupportedException>(() => relu.Compile(Inference.ScoreFunction())).Message);
        Assert.Throws<ModelDefinitionException>(() => twoLayers.Guide(Encoder.Mlp(8).PointMass()));
        var mixture = Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);
        Assert.Contains("no boolean latents", Assert.Throws<BackendNotSupportedException>(() => mixture.Compile(Inference.ScoreFunction())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => large.Compile(Inference.ScoreFunction(samples: 1)));
        var nonBinary = DataMatrix.FromRows([[0.5, 1], [0, 1]]);
        Assert.Throws<DataException>(() => Definition(3, 2).Compile(Inference.ScoreFunction()).Fit(nonBinary));
    }
}
