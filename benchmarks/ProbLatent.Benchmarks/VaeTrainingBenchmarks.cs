using BenchmarkDotNet.Attributes;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Benchmarks;

/// <summary>
/// Training the benchmark VAE (encoder 784-200-200 tanh → 50, decoder 50-200-200-784 tanh, Bernoulli logits, batch 100,
/// Adam) for one epoch of 5,000 binary rows (50 steps), and evaluating a trained model's ELBO on them: throughput is 5,000 / time.
/// The rows are random, which changes nothing in the arithmetic; <c>problatent bench vae</c> runs on real MNIST.
/// </summary>
[MemoryDiagnoser]
public class VaeTrainingBenchmarks
{
    const int Rows = 5_000;
    FloatMatrix _data = null!;
    ReparameterizedCompiledModel _compiled = null!;
    ProbLatent.LatentModels.VariationalAutoencoder _trained = null!;

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
        _compiled = (ReparameterizedCompiledModel)vae.Compile(Inference.Reparameterized(epochs: 1, batchSize: 100, seed: 1));
        _trained = _compiled.Train(_data).Model;
    }

    [Benchmark(Description = "VAE 784-200-200-50, one epoch of 5,000 rows, batch 100, Adam")]
    public double TrainOneEpoch() => _compiled.Train(_data).Epochs[^1].TrainObjective;

    [Benchmark(Description = "VAE 784-200-200-50, ELBO of 5,000 rows")]
    public double EvaluateElbo() => _trained.Evaluate(_data).Elbo().Value;
}
