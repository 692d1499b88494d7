using BenchmarkDotNet.Attributes;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Neural;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The benchmark VAE (encoder 784-200-200 tanh → 50, decoder 50-200-200-784 tanh, Bernoulli logits, Adam) in steady
/// state: one training step on a minibatch of 100 binary rows, the network, optimizer and tape built once in setup so
/// that neither the time nor the allocation column counts them (throughput is 100 / time); and evaluating a trained
/// model's ELBO on 5,000 rows. The rows are random, which changes nothing in the arithmetic; <c>problatent bench vae</c>
/// runs on real MNIST.
/// </summary>
[MemoryDiagnoser]
public class VaeTrainingBenchmarks
{
    const int Rows = 5_000, BatchSize = 100;
    FloatMatrix _data = null!;
    ProbLatent.LatentModels.VariationalAutoencoder _trained = null!;
    MinibatchStep _step = null!;
    readonly int[] _order = Enumerable.Range(0, Rows).ToArray();
    readonly Random _noise = new(2);
    int _nextBatch;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var values = new float[Rows * 784];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() < 0.13 ? 1 : 0;
        _data = new FloatMatrix(values, Rows, 784, "random-binary");
        var vae = Model.Define("mnist")
            .Latent("z", Prior.StandardNormal(50))
            .Decoder(Decoder.Mlp(200, 200), Likelihood.Bernoulli())
            .Observe("x", 784)
            .Guide(Encoder.Mlp(200, 200));
        var compiled = vae.Compile(Inference.Reparameterized(epochs: 1, batchSize: BatchSize, seed: 1));
        _trained = compiled.Train(_data).Model;

        var network = new VaeNetwork(compiled.Architecture);
        network.Initialize(new Random(compiled.Options.Seed));
        var objective = new VaeObjective(network, compiled.Options.Samples, compiled.Options.ImportanceSamples);
        _step = new MinibatchStep(objective, new Adam(network.Trainable, compiled.Options.LearningRate), BatchSize, _data.Columns);
        random.Shuffle(_order);
    }

    /// <summary>The next minibatch of the shuffled rows each time, round the data, as an epoch takes them.</summary>
    [Benchmark(Description = "VAE 784-200-200-50, one training step on 100 rows, Adam")]
    public float TrainStep()
    {
        var rows = _order.AsMemory(_nextBatch * BatchSize, BatchSize);
        _nextBatch = (_nextBatch + 1) % (Rows / BatchSize);
        return _step.Run(_data, rows, _noise).Loss;
    }

    [Benchmark(Description = "VAE 784-200-200-50, ELBO of 5,000 rows")]
    public double EvaluateElbo() => _trained.Evaluate(_data).Elbo().Value;
}
