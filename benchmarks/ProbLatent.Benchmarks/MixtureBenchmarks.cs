using BenchmarkDotNet.Attributes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Benchmarks;

/// <summary>
/// A three-component full-covariance Gaussian mixture on the shared synthetic data: one EM iteration's parts
/// (exact E step, M step) and a whole 50-iteration fit, at 10k and 100k points.
/// </summary>
[MemoryDiagnoser]
public class MixtureBenchmarks
{
    DataMatrix _data = null!;
    GaussianMixture _mixture = null!;
    Model _model = null!;

    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Mixture(Rows);
        _model = Model.Define("mixture3").Latent("z", Prior.Categorical(3))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);
        _mixture = (GaussianMixture)_model.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(_data).Parameters;
    }

    [Benchmark(Description = "exact E step (posterior + log p(x))")]
    public double ExactPosterior()
    {
        _mixture.PosteriorProbabilities(_data, out double logLikelihood);
        return logLikelihood;
    }

    [Benchmark(Description = "exact log p(x)")]
    public double LogLikelihood() => _mixture.PointLogLikelihoods(_data).Sum();

    [Benchmark(Description = "EM fit, 50 iterations")]
    public double EmFit() =>
        _model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50, tolerance: -1)).Fit(_data).LogLikelihood;
}
