using ProbLatent.Backends.Contrastive;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Contrastive;

public class DeepBeliefNetTests
{
    static Model Net(int visible, params int[] hidden)
    {
        // Declared top first: the top two layers joined by the energy, each below generated from the one above.
        var model = Model.Define("dbn").Latent($"h{hidden.Length}", Prior.Bernoulli(hidden[^1]))
            .Latent($"h{hidden.Length - 1}", Prior.Bernoulli(hidden[^2]).Given($"h{hidden.Length}", Energy.Bilinear()));
        for (int k = hidden.Length - 2; k >= 1; k--)
            model = model.Latent($"h{k}", Prior.Bernoulli(hidden[k - 1]).Given($"h{k + 1}", Decoder.Linear(Likelihood.Bernoulli())));
        return model.Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", visible);
    }

    static Model Rbm(int visible, int hidden) => Model.Define("rbm").Latent("h", Prior.Bernoulli(hidden)).Energy(Energy.Bilinear()).Observe("x", visible);

    static DataMatrix Bits(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        // Two prototypes with flips, so the layers have structure to find.
        return new DataMatrix(Enumerable.Range(0, rows).SelectMany(r =>
        {
            int prototype = random.Next(2);
            return Enumerable.Range(0, columns).Select(i => (((i < columns / 2) == (prototype == 0)) ^ (random.NextDouble() < 0.1)) ? 1.0 : 0.0);
        }).ToArray(), rows, columns);
    }

    static RestrictedBoltzmannMachine Machine(Random random, int visible, int hidden, double spread = 1)
    {
        double[] Draw(int count) => Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * spread).ToArray();
        return new RestrictedBoltzmannMachine(Draw(visible * hidden), Draw(visible), Draw(hidden));
    }

    [Fact]
    public void A_net_of_one_layer_is_its_machine()
    {
        var rbm = Machine(new Random(1), 6, 4);
        var net = new DeepBeliefNet([rbm]);
        var data = Bits(40, 6, 2);
        Assert.Equal(rbm.PointLogLikelihoods(data), net.PointLogLikelihoods(data));
        var bound = net.LowerBound(data);
        Assert.Equal(rbm.PointLogLikelihoods(data).Sum(), bound.Total, 1e-9);
        Assert.Equal(0, bound.MonteCarloStandardError);
        Assert.True(bound.PartitionIsExact);
        Assert.Equal(rbm.Posterior(data).Means(), net.Posterior(data).Means());
        Assert.Equal(rbm.Elbo(data, rbm.Posterior(data)), net.Elbo(data, rbm.Posterior(data)));
        var options = new GibbsOptions { Chains = 5, BurnIn = 3, Seed = 4 };
        Assert.Equal(rbm.Sample(7, options).Data.Values.ToArray(), net.Sample(7, options).Data.Values.ToArray());
    }

    [Fact]
    public void Greedy_training_fits_the_first_layer_as_the_machine_alone_and_each_layer_above_to_the_probabilities_below()
    {
        var data = Bits(300, 8, 3);
        var backend = Inference.Contrastive(steps: 1, epochs: 3, batchSize: 20, learningRate: 0.1, seed: 5);
        var fit = Net(8, 4, 3).Compile(backend).Fit(data);
        var net = Assert.IsType<DeepBeliefNet>(fit.Parameters);
        var alone = (RestrictedBoltzmannMachine)Rbm(8, 4).Compile(backend).Fit(data).Parameters;
        Assert.Equal(alone.Weights, net.Layers[0].Weights);
        Assert.Equal(alone.HiddenBiases, net.Layers[0].HiddenBiases);
        // The second layer is a machine trained on p(h₁ = 1 | v) with its own seed: the same as training one there directly.
        var upPass = new DataMatrix(net.UpPass(data)[0], data.Rows, 4);
        var second = LayerTrainingOf(upPass, 3, backend.Options with { Seed = 5 + 7919 });
        Assert.Equal(second.Weights, net.Layers[1].Weights);

        Assert.False(fit.HasLogLikelihood);
        Assert.True(fit.HasElbo);
        Assert.Equal(10, fit.ElboSamples);
        Assert.True(fit.ElboStandardError > 0);
        Assert.Equal(6, fit.Iterations);
        Assert.Equal(8, fit.Trace.Count);
        Assert.True(fit.Elbo.Value <= net.PointLogLikelihoods(data).Sum() + 4 * fit.ElboStandardError, $"bound {fit.Elbo.Value} ± {fit.ElboStandardError} above log p(v) {net.PointLogLikelihoods(data).Sum()}");
    }

    static RestrictedBoltzmannMachine LayerTrainingOf(DataMatrix input, int hidden, ContrastiveOptions options) =>
        LayerTraining.Run(input, binaryInput: false, hidden, options, 0, options.Epochs, System.Diagnostics.Stopwatch.StartNew(), null, default).Machine;

    [Fact]
    public void Samples_come_down_from_the_top_machine_s_chains_as_bits_with_every_layer_s_states()
    {
        var random = new Random(6);
        var net = new DeepBeliefNet([Machine(random, 5, 4), Machine(random, 4, 3), Machine(random, 3, 2)]);
        var drawn = net.Sample(30, new GibbsOptions { Chains = 10, BurnIn = 5, Seed = 2 });
        Assert.Equal((30, 5), (drawn.Data.Rows, drawn.Data.Columns));
        Assert.Equal(["h1_1", "h1_2", "h1_3", "h1_4", "h2_1", "h2_2", "h2_3", "h3_1", "h3_2"], drawn.Latents.ColumnNames);
        Assert.All(drawn.Data.Values.ToArray().Concat(drawn.Latents.Values.ToArray()), x => Assert.True(x is 0 or 1));
        Assert.Equal(drawn.Data.Values.ToArray(), net.Sample(30, new GibbsOptions { Chains = 10, BurnIn = 5, Seed = 2 }).Data.Values.ToArray());
        Assert.Equal(4 + 3 + 2, net.Posterior(drawn.Data).Means().Length / 30);
    }

    [Fact]
    public void Bad_input_is_refused_naming_what_is_wrong()
    {
        var random = new Random(7);
        var mismatched = Assert.Throws<ArgumentException>(() => new DeepBeliefNet([Machine(random, 5, 4), Machine(random, 3, 2)]));
        Assert.StartsWith("layer 2 has 3 visible units but layer 1 below it has 4 hidden units", mismatched.Message);

        var halves = new DataMatrix([0, 1, 0.5, 1, 0, 1, 1, 0], 2, 4);
        var refusal = Assert.Throws<DataException>(() => Net(4, 3, 2).Compile(Inference.Contrastive()).Fit(halves));
        Assert.Contains("0.5", refusal.Message);

        var wide = new DeepBeliefNet([Machine(random, 4, 21), Machine(random, 21, 2)]);
        var exact = Assert.Throws<ModelDefinitionException>(() => wide.PointLogLikelihoods(Bits(2, 4, 1)));
        Assert.Contains("21 hidden units", exact.Message);
        Assert.Contains("LowerBound", exact.Message);
    }

    [Fact]
    public void A_diverging_layer_stops_the_fit_naming_the_layer_epoch_and_minibatch_and_keeps_the_last_good_weights()
    {
        var data = Bits(100, 6, 4);
        var diverged = Assert.Throws<DeepBeliefDivergedException>(() =>
            Net(6, 4, 3).Compile(Inference.Contrastive(epochs: 3, batchSize: 10, learningRate: 1e38, momentum: 0.9, seed: 1)).Fit(data));
        Assert.Equal(1, diverged.Layer);
        Assert.Equal(1, diverged.Epoch);
        Assert.StartsWith($"contrastive: training diverged at epoch 1, minibatch {diverged.Batch}: layer 1 of 2: the update made ", diverged.Message);
        Assert.Single(diverged.LastGood.Layers);
        Assert.All(diverged.LastGood.Top.Weights, w => Assert.True(double.IsFinite(w)));
    }
}
