using ProbLatent.Backends.ScoreFunction;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.ScoreFunction;

/// <summary>Score-function training of belief nets of several layers and of encoders with tanh hidden layers.</summary>
public class DeepScoreFunctionTests
{
    internal static Model TwoLayers(int top, int bottom, int dimension, params int[] encoderHidden)
    {
        var model = Model.Define("deep").Latent("h2", Prior.Bernoulli(top))
            .Latent("h1", Prior.Bernoulli(bottom).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
            .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", dimension);
        return encoderHidden.Length == 0 ? model : model.Guide(Encoder.Mlp(encoderHidden));
    }

    /// <summary>Data from a random two-layer net: h2 (3 bits) → h1 (6 bits) → x (20 bits).</summary>
    static DataMatrix Data(int rows, int seed)
    {
        var random = new Random(seed);
        double[] Draw(int count, double scale) => Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
        var net = new BooleanLatentModel([0.3, 0.5, 0.7], [new SigmoidLayer(Draw(6 * 3, 3), Draw(6, 1), 3), new SigmoidLayer(Draw(20 * 6, 3), Draw(20, 1), 6)]);
        return net.Generate(rows, random).Data;
    }

    [Theory]
    [InlineData(ScoreEstimator.Vimco)]
    [InlineData(ScoreEstimator.Nvil)]
    public void Training_a_two_layer_net_with_an_mlp_encoder_raises_the_bound_and_the_exact_log_likelihood_the_same_for_the_same_seed(ScoreEstimator estimator)
    {
        var data = Data(600, 1);
        var compiled = TwoLayers(3, 6, 20, 8).Compile(Inference.ScoreFunction(estimator, samples: 4, epochs: 15, batchSize: 20, learningRate: 3e-2, seed: 4, evaluationSamples: 100));
        var fit = compiled.Fit(data);
        Assert.Equal(16, fit.Trace.Count);
        Assert.True(fit.Trace[^1] > fit.Trace[0] + 0.5, $"trace {string.Join(", ", fit.Trace)}");
        var net = Assert.IsType<BooleanLatentModel>(fit.Parameters);
        Assert.Equal([3, 6], net.LayerBits);
        Assert.Equal([[20, 8, 6], [6, 8, 3]], net.Encoder!.Layers.Select(l => l.Widths.ToArray()));
        // 9 bits: the fit reports the exact log-likelihood, which training raised above the start's.
        Assert.True(fit.LogLikelihoodIsExact);
        var start = BeliefNetTrainer.Create(20, [3, 6], [8], 20, BaseRates.Logits(data), compiled.Options).Model();
        Assert.True(fit.LogLikelihood > start.PointLogLikelihoods(data).Sum() + 100, $"{fit.LogLikelihood} vs start {start.PointLogLikelihoods(data).Sum()}");

        var again = Assert.IsType<BooleanLatentModel>(compiled.Fit(data).Parameters);
        Assert.Equal(net.Layers.SelectMany(l => l.Weights), again.Layers.SelectMany(l => l.Weights));
        Assert.Equal(net.Encoder.Layers.SelectMany(l => l.Weights.SelectMany(w => w)), again.Encoder!.Layers.SelectMany(l => l.Weights.SelectMany(w => w)));
    }

    [Fact]
    public void On_a_one_layer_net_with_a_linear_encoder_the_tape_gives_the_gradient_of_the_fused_trainer()
    {
        var random = new Random(2);
        var net = ScoreFunctionTests.RandomNet(random, bits: 5, dimension: 9);
        var data = net.Generate(30, random).Data;
        var order = Enumerable.Range(0, 30).ToArray();
        foreach (var estimator in new[] { ScoreEstimator.Vimco, ScoreEstimator.Nvil })
        {
            var options = new ScoreFunctionOptions(estimator, Samples: 3, Seed: 5);
            var fused = new ScoreFunctionTrainer(net, 30, options);
            var tape = new BeliefNetTapeTrainer(net, 30, options);
            Assert.Equal(fused.Gradient(data, order, 0, 30, 1, 1), tape.Gradient(data, order, 0, 30, 1, 1), 1e-3);
            // The same parameters in the same order, the decoder's weights d×n in one and n×d (in×out) in the other.
            var (a, b) = (fused.Gradients, tape.Gradients);
            Assert.Equal(a.Length, b.Length);
            var transposed = new float[9 * 5];
            for (int j = 0; j < 9; j++)
                for (int i = 0; i < 5; i++) transposed[i * 9 + j] = a[1][j * 5 + i];
            a[1] = transposed;
            for (int p = 0; p < a.Length; p++)
                for (int i = 0; i < a[p].Length; i++) Assert.True(Math.Abs(a[p][i] - b[p][i]) < 1e-4 * (1 + Math.Abs(a[p][i])), $"{estimator} parameter {p}[{i}]: {a[p][i]} vs {b[p][i]}");
        }
    }

    [Fact]
    public void A_large_two_layer_net_is_estimated_by_importance_sampling_encodes_each_layer_and_loads_back_the_same()
    {
        var data = Data(60, 2);
        var fit = TwoLayers(12, 30, 20, 6).Compile(Inference.ScoreFunction(samples: 3, epochs: 2, batchSize: 20, seed: 1, evaluationSamples: 50)).Fit(data);
        var net = Assert.IsType<BooleanLatentModel>(fit.Parameters);
        Assert.False(net.IsEnumerable);
        Assert.False(fit.LogLikelihoodIsExact);
        Assert.Equal(50, fit.LogLikelihoodSamples);
        Assert.True(fit.Elbo!.Value <= fit.LogLikelihood, $"ELBO {fit.Elbo.Value} vs IWAE {fit.LogLikelihood}");
        var refusal = Assert.Throws<BackendNotSupportedException>(() => net.PointLogLikelihoods(data));
        Assert.Contains("42 boolean latents", refusal.Message);
        Assert.Contains($"n ≤ {BooleanLatentModel.MaxExactBits}", refusal.Message);

        // encode: each layer's units, the top's first; h1's are q(h1 = 1 | x) itself, h2's the mean of q(h2 = 1 | h1) over draws of h1.
        var q = Assert.IsType<FactorizedBooleanPosterior>(net.Posterior(data));
        Assert.Equal(42, q.Bits);
        Assert.Equal(net.Encoder!.Probabilities(data)[..30], q.Probabilities(0)[12..].ToArray());
        Assert.All(q.Means(), p => Assert.InRange(p, 0, 1));

        using var folder = new TempFolder();
        var path = folder["deep.plm"];
        fit.Save(path);
        var loaded = Assert.IsType<BooleanLatentModel>(LatentModelFile.Load(path));
        Assert.Equal([12, 30], loaded.LayerBits);
        Assert.Equal(net.Encoder.Layers.Select(l => l.Widths.ToArray()), loaded.Encoder!.Layers.Select(l => l.Widths.ToArray()));
        Assert.Equal(BeliefNetImportance.Estimate(net, data, 20).LogLikelihood.PointEstimates, BeliefNetImportance.Estimate(loaded, data, 20).LogLikelihood.PointEstimates);
        Assert.Equal(q.Means(), loaded.Posterior(data).Means());
        Assert.Equal(20, loaded.Generate(5, new Random(1)).Data.Columns);
    }

    [Fact]
    public void A_two_layer_fit_that_diverges_stops_naming_the_epoch_and_minibatch_with_the_net_before_it()
    {
        var data = Data(100, 3);
        var e = Assert.Throws<ScoreFunctionDivergedException>(() =>
            TwoLayers(3, 6, 20, 4).Compile(Inference.ScoreFunction(epochs: 5, batchSize: 10, learningRate: 1e38)).Fit(data));
        Assert.Contains($"epoch {e.Epoch}, minibatch {e.Batch}", e.Message);
        Assert.Equal([3, 6], e.LastGood.LayerBits);
        Assert.All(e.LastGood.Layers.SelectMany(l => l.Weights), w => Assert.True(double.IsFinite(w)));
    }

    [Fact]
    public void An_encoder_that_does_not_match_the_net_is_refused_naming_both()
    {
        var layers = new[] { new SigmoidLayer(new double[6], new double[3], 2), new SigmoidLayer(new double[12], new double[4], 3) };
        var oneFactor = new BeliefNetEncoder(new double[4 * 3], new double[3]);
        var e = Assert.Throws<ArgumentException>(() => new BooleanLatentModel([0.5, 0.5], layers, oneFactor));
        Assert.Contains("factors of 3 bits", e.Message);
        Assert.Contains("latent layers of 3, 2 bits", e.Message);
        var mismatched = Assert.Throws<ArgumentException>(() => new BeliefNetEncoder([
            new BeliefNetEncoderLayer([new double[4 * 3]], [new double[3]]), new BeliefNetEncoderLayer([new double[2 * 2]], [new double[2]])]));
        Assert.Contains("factor 2 reads 2 bits but factor 1 draws 3", mismatched.Message);
        Assert.Throws<InvalidOperationException>(() => new BeliefNetEncoder([new BeliefNetEncoderLayer([new double[4 * 5], new double[5 * 3]], [new double[5], new double[3]])]).Weights);
    }
}
