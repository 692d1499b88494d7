using ProbLatent.Backends;
using ProbLatent.Backends.Contrastive;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Contrastive;

public class ContrastiveTrainingTests
{
    static Model Rbm(int hidden, int visible) =>
        Model.Define("rbm").Latent("h", Prior.Bernoulli(hidden)).Energy(Energy.Bilinear()).Observe("x", visible);

    /// <summary>
    /// Points drawn from a machine whose hidden units each switch on their own block of visible units (weights 4, visible
    /// biases −2): data far from independent bits, so that training has structure to find.
    /// </summary>
    static (RestrictedBoltzmannMachine Truth, DataMatrix Data) Drawn(int visible, int hidden, int rows, int seed)
    {
        var weights = new double[visible * hidden];
        for (int i = 0; i < visible; i++) weights[i * hidden + i * hidden / visible] = 4;
        // A hidden unit's bias of −2 per unit of its block makes it as likely on as off.
        var hiddenBiases = Enumerable.Range(0, hidden).Select(j => -2.0 * Enumerable.Range(0, visible).Count(i => i * hidden / visible == j)).ToArray();
        var truth = new RestrictedBoltzmannMachine(weights, Enumerable.Repeat(-2.0, visible).ToArray(), hiddenBiases);
        var data = truth.Sample(rows, new GibbsOptions { Chains = rows, BurnIn = 200, Seed = seed }).Data;
        return (truth, data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_climbs_from_the_base_rates_towards_the_truth_s_log_likelihood(bool persistent)
    {
        var (truth, data) = Drawn(8, 3, 2000, seed: 4);
        var fit = Rbm(3, 8).Compile(Inference.Contrastive(steps: 1, persistent: persistent, epochs: 30, batchSize: 20, learningRate: 0.05, momentum: 0.5, seed: 2)).Fit(data);
        double start = new RestrictedBoltzmannMachine(new double[24], BaseRatesOf(data), new double[3]).PointLogLikelihoods(data).Average();
        double reached = fit.LogLikelihoodPerPoint, best = truth.PointLogLikelihoods(data).Average();
        Assert.True(fit.LogLikelihoodIsExact);
        Assert.True(reached > start + 0.5 * (best - start), $"{(persistent ? "PCD" : "CD")}-1 reached {reached:F4} per point from {start:F4}; the truth has {best:F4}");
        Assert.Equal(fit.LogLikelihood, fit.Elbo.Value, 1e-6);
        Assert.Equal(31, fit.Trace.Count);
        Assert.Equal(ProgressUnit.Epoch, fit.Unit);
        Assert.True(fit.Trace[^1] > fit.Trace[0], "the monitored pseudo-log-likelihood rises");
    }

    static double[] BaseRatesOf(DataMatrix data) => Enumerable.Range(0, data.Columns).Select(i =>
    {
        double p = (Enumerable.Range(0, data.Rows).Sum(r => data[r, i]) + 1) / (data.Rows + 2.0);
        return Math.Log(p / (1 - p));
    }).ToArray();

    [Fact]
    public void A_seed_gives_the_same_machine_bit_for_bit_and_another_seed_another()
    {
        var (_, data) = Drawn(6, 4, 300, seed: 1);
        var backend = Inference.Contrastive(steps: 2, persistent: true, epochs: 3, batchSize: 32, seed: 7);
        var a = (RestrictedBoltzmannMachine)Rbm(4, 6).Compile(backend).Fit(data).Parameters;
        var b = (RestrictedBoltzmannMachine)Rbm(4, 6).Compile(backend).Fit(data).Parameters;
        var c = (RestrictedBoltzmannMachine)Rbm(4, 6).Compile(Inference.Contrastive(steps: 2, persistent: true, epochs: 3, batchSize: 32, seed: 8)).Fit(data).Parameters;
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.HiddenBiases, b.HiddenBiases);
        Assert.NotEqual(a.Weights, c.Weights);
    }

    [Fact]
    public void A_diverging_learning_rate_stops_naming_epoch_and_batch_and_keeps_the_last_good_weights()
    {
        var (_, data) = Drawn(6, 4, 200, seed: 2);
        var diverged = Assert.Throws<ContrastiveDivergedException>(() =>
            Rbm(4, 6).Compile(Inference.Contrastive(epochs: 5, batchSize: 10, learningRate: 1e38, momentum: 0.9)).Fit(data));
        Assert.Contains($"epoch {diverged.Epoch}, minibatch {diverged.Batch}", diverged.Message);
        Assert.Contains("lower the learning rate", diverged.Message);
        Assert.All(diverged.LastGood.Weights, w => Assert.True(double.IsFinite(w)));
        Assert.IsAssignableFrom<FitDivergedException>(diverged);
    }

    [Fact]
    public void Non_binary_data_is_refused_before_training_naming_row_and_column()
    {
        var data = new DataMatrix([0, 1, 1, 0, 2, 1], 2, 3);
        var refusal = Assert.Throws<DataException>(() => Rbm(2, 3).Compile(Inference.Contrastive()).Fit(data));
        Assert.Contains("row 1,", refusal.Message);
        Assert.Contains("column 1", refusal.Message);
    }

    [Fact]
    public void Progress_is_reported_per_epoch_and_cancelling_before_the_first_epoch_ends_throws()
    {
        var (_, data) = Drawn(6, 4, 200, seed: 3);
        var reports = new List<FitProgress>();
        Rbm(4, 6).Compile(Inference.Contrastive(epochs: 4)).Fit(data, new SynchronousProgress<FitProgress>(reports.Add));
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal(ProgressUnit.Epoch, r.Unit));
        Assert.All(reports, r => Assert.True(r.SamplesPerSecond > 0, $"{r.SamplesPerSecond} samples/s"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Rbm(4, 6).Compile(Inference.Contrastive()).Fit(data, cancellation: cancelled.Token));
    }

    [Fact]
    public void A_minibatch_step_allocates_nothing()
    {
        var (_, data) = Drawn(30, 20, 400, seed: 5);
        var options = new ContrastiveOptions(Steps: 2, Persistent: true, BatchSize: 50, Momentum: 0.5, WeightDecay: 1e-4);
        var trainer = new ContrastiveTrainer(30, 20, 50, new double[30], options);
        var order = Enumerable.Range(0, 400).ToArray();
        for (int b = 0; b < 2; b++) trainer.Step(data, order, b * 50, 50, 1, b + 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 2; b < 8; b++) trainer.Step(data, order, b * 50, 50, 1, b + 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // And with the data's ones indexed once, each minibatch copying its rows' lists.
        var sparse = SparseBits(400, 30, 0.12, seed: 6);
        var indexed = new ContrastiveTrainer(30, 20, 50, new double[30], options);
        indexed.Index(sparse);
        Assert.True(indexed.HoldsDataOnes);
        for (int b = 0; b < 2; b++) indexed.Step(sparse, order, b * 50, 50, 1, b + 1);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 2; b < 8; b++) indexed.Step(sparse, order, b * 50, 50, 1, b + 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Rows of independent bits, each one with probability <paramref name="density"/>: binarized-image sparsity.</summary>
    static DataMatrix SparseBits(int rows, int columns, double density, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() < density ? 1 : 0;
        return new DataMatrix(values, rows, columns);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Data_indexed_once_trains_the_same_machine_bit_for_bit_as_minibatches_scanned_each_step(int steps, bool persistent)
    {
        var data = SparseBits(230, 40, 0.12, seed: 11);
        var options = new ContrastiveOptions(Steps: steps, Persistent: persistent, BatchSize: 50, Momentum: 0.5, WeightDecay: 1e-4, Seed: 3);
        var indexed = new ContrastiveTrainer(40, 12, 50, new double[40], options);
        var scanned = new ContrastiveTrainer(40, 12, 50, new double[40], options);
        indexed.Index(data);
        Assert.True(indexed.HoldsDataOnes);
        var order = Enumerable.Range(0, data.Rows).OrderBy(i => (i * 37) % 101).ToArray();
        for (int epoch = 1; epoch <= 2; epoch++)
            for (int start = 0, b = 1; start < data.Rows; start += 50, b++)
            {
                int rows = Math.Min(50, data.Rows - start); // the last minibatch is short
                indexed.Step(data, order, start, rows, epoch, b);
                scanned.Step(data, order, start, rows, epoch, b);
            }
        var (x, y) = (indexed.Machine(), scanned.Machine());
        Assert.Equal(y.Weights, x.Weights);
        Assert.Equal(y.VisibleBiases, x.VisibleBiases);
        Assert.Equal(y.HiddenBiases, x.HiddenBiases);
    }

    // A step on sparse binary data by the sums of rows and the fused update, against the same step all on the GEMM with the
    // gradient stored: the same draws (the products agree to the bit), the biases' velocities from counts and from D the
    // same floats as from the dense rows, the weights to the rounding of sums taken in another order.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_step_by_the_sums_of_rows_is_the_step_on_the_GEMM(bool persistent)
    {
        var data = SparseBits(100, 200, 0.12, seed: 13);
        var options = new ContrastiveOptions(Steps: 1, Persistent: persistent, BatchSize: 50, LearningRate: 5, Momentum: 0.5, WeightDecay: 1e-3, Seed: 4);
        var sums = new ContrastiveTrainer(200, 64, 50, BaseRates(data), options);
        var dense = new ContrastiveTrainer(200, 64, 50, BaseRates(data), options) { SumsOfRows = false };
        sums.Index(data);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        for (int b = 0; b < 2; b++)
        {
            sums.Step(data, order, 50 * b, 50, 1, b + 1);
            dense.Step(data, order, 50 * b, 50, 1, b + 1);
            var (x, y) = (sums.Machine(), dense.Machine());
            if (b == 0)
            {
                Assert.Equal(y.VisibleBiases, x.VisibleBiases);
                Assert.Equal(y.HiddenBiases, x.HiddenBiases);
            }
            for (int k = 0; k < x.Weights.Count; k++) Assert.Equal(y.Weights[k], x.Weights[k], 1e-6);
            Assert.NotEqual(0, x.Weights.Zip(y.Weights, (u, v) => Math.Abs(u - v)).Max()); // the paths did differ
        }
    }

    /// <summary>The log-odds of each column's ones, so the samples are as sparse as the data and take the fused update too.</summary>
    static double[] BaseRates(DataMatrix data) => Enumerable.Range(0, data.Columns).Select(j =>
    {
        double rate = Math.Clamp(Enumerable.Range(0, data.Rows).Average(r => data.Values[r * data.Columns + j]), 0.01, 0.99);
        return Math.Log(rate / (1 - rate));
    }).ToArray();

    [Fact]
    public void Data_that_is_not_sparse_binary_is_not_indexed_and_still_trains()
    {
        var options = new ContrastiveOptions(BatchSize: 20);
        var dense = new ContrastiveTrainer(10, 4, 20, new double[10], options);
        dense.Index(SparseBits(60, 10, 0.6, seed: 2));
        Assert.False(dense.HoldsDataOnes);
        var probabilities = new ContrastiveTrainer(10, 4, 20, new double[10], options);
        var values = new double[60 * 10];
        for (int i = 0; i < values.Length; i++) values[i] = (i % 7) / 7.0;
        var data = new DataMatrix(values, 60, 10);
        probabilities.Index(data);
        Assert.False(probabilities.HoldsDataOnes);
        var never = new ContrastiveTrainer(10, 4, 20, new double[10], options); // never asked to index
        var order = Enumerable.Range(0, 60).ToArray();
        for (int b = 0; b < 3; b++)
        {
            probabilities.Step(data, order, 20 * b, 20, 1, b + 1);
            never.Step(data, order, 20 * b, 20, 1, b + 1);
        }
        Assert.All(probabilities.Machine().Weights, w => Assert.True(double.IsFinite(w)));
        Assert.Equal(never.Machine().Weights, probabilities.Machine().Weights);
        Assert.Equal(never.Machine().HiddenBiases, probabilities.Machine().HiddenBiases);
    }

    [Fact]
    public void Exact_evaluates_given_RBM_parameters_and_refuses_them_beyond_the_enumeration_limit()
    {
        var (truth, data) = Drawn(6, 3, 100, seed: 6);
        var exact = Rbm(3, 6).Compile(Inference.Exact(truth)).Fit(data);
        Assert.Equal(truth.PointLogLikelihoods(data).Sum(), exact.LogLikelihood, 1e-12);
        var wide = new RestrictedBoltzmannMachine(new double[21 * 22], new double[22], new double[21]);
        var refusal = Assert.Throws<BackendNotSupportedException>(() => Rbm(21, 22).Compile(Inference.Exact(wide)));
        Assert.Contains("annealed importance sampling", refusal.Message);
        // The model's sizes and the parameters' are both named, each the right way round.
        Assert.Contains("has 6 visible and 3 hidden units but the parameters given have 3 and 3", Assert.Throws<BackendNotSupportedException>(() => Rbm(3, 6).Compile(Inference.Exact(
            new RestrictedBoltzmannMachine(new double[9], new double[3], new double[3])))).Message);
    }
}
