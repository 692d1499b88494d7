using BenchmarkDotNet.Attributes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The benchmark Gaussian mixture: points from three 2-D Gaussians (<see cref="Synthetic.ThreeGaussians"/>, the
/// distribution of the shared mixture3_100k.csv), K = 3, full covariance, at 10k, 100k and 1M points. EM and VMP
/// fits of 50 iterations are reported per iteration (OperationsPerInvoke), next to the exact E step alone and
/// the model compile.
/// </summary>
[MemoryDiagnoser]
public class MixtureBenchmarks
{
    const int Iterations = 50;

    DataMatrix _data = null!;
    GaussianMixture _mixture = null!;

    static readonly Model Model = Modeling.Model.Define("mixture3").Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    [Params(10_000, 100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Synthetic.ThreeGaussiansData(Rows);
        _mixture = Synthetic.ThreeGaussians;
    }

    [Benchmark(Description = "exact E step (posterior + log p(x))")]
    public double ExactPosterior()
    {
        _mixture.PosteriorProbabilities(_data, out double logLikelihood);
        return logLikelihood;
    }

    [Benchmark(Description = "EM, per iteration", OperationsPerInvoke = Iterations)]
    public double Em() =>
        Model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: Iterations, tolerance: -1)).Fit(_data).LogLikelihood;

    [Benchmark(Description = "VMP, per iteration", OperationsPerInvoke = Iterations)]
    public double Vmp() =>
        Model.Compile(Inference.Vmp(restarts: 1, seed: 1, maxIterations: Iterations, tolerance: -1)).Fit(_data).Elbo.Value;

    [Benchmark(Description = "VMP model compile")]
    public object VmpCompile() => Model.Compile(Inference.Vmp());
}
