using BenchmarkDotNet.Attributes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Benchmarks;

/// <summary>
/// VMP sweeps of the Bayesian mixtures: a mixture of ten Bernoullis on 10,000 rows of binarized MNIST (d = 784),
/// and the diagonal-covariance Gaussian mixture on 10k points of the synthetic three-Gaussian mixture; 10 sweeps each, with the ELBO after each.
/// </summary>
[MemoryDiagnoser]
public class VmpMixtureBenchmarks
{
    const int Sweeps = 10;
    DataMatrix _mnist = null!, _mixture = null!;
    Model _bernoulli = null!, _diagonal = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mnist = BenchmarkData.Mnist(10_000);
        _mixture = Synthetic.ThreeGaussiansData(10_000);
        _bernoulli = Model.Define("mnist").Latent("z", Prior.Categorical(10))
            .Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 784);
        _diagonal = Model.Define("mixture3").Latent("z", Prior.Categorical(3))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 2);
    }

    [Benchmark(Description = "VMP Bernoulli mixture, K = 10, MNIST 10k × 784, 10 sweeps")]
    public double BernoulliMixture() =>
        _bernoulli.Compile(Inference.Vmp(restarts: 1, seed: 1, maxIterations: Sweeps, tolerance: -1)).Fit(_mnist).Elbo.Value;

    [Benchmark(Description = "VMP diagonal Gaussian mixture, K = 3, 10k × 2, 10 sweeps")]
    public double DiagonalGaussianMixture() =>
        _diagonal.Compile(Inference.Vmp(restarts: 1, seed: 1, maxIterations: Sweeps, tolerance: -1)).Fit(_mixture).Elbo.Value;
}
