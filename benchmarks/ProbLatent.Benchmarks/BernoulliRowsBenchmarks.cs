using BenchmarkDotNet.Attributes;
using ProbLatent.Numerics;

namespace ProbLatent.Benchmarks;

/// <summary>
/// One block of a Bernoulli mixture's EM on the calling thread (512 rows of 784 pixels, 13% ones as in binarized MNIST,
/// K = 500): indexing the block's ones, the E step's log-likelihoods over them (<see cref="BernoulliRows.LogLikelihoods"/>),
/// normalising them into responsibilities (<see cref="LogSumExp.NormalizeWide"/> against the scalar
/// <see cref="LogSumExp.Normalize(Span{double})"/>), and the M step's weighted sums with the ones indexed by pixel.
/// </summary>
[MemoryDiagnoser]
public class BernoulliRowsBenchmarks
{
    const int Rows = 512, Pixels = 784, Components = 500;

    readonly double[] _x = new double[Rows * Pixels], _logOdds = new double[Pixels * Components], _offsets = new double[Components];
    readonly double[] _logLikelihoods = new double[Rows * Components], _dense = new double[Rows * Components];
    readonly double[] _sums = new double[Pixels * Components];
    BinaryPattern _ones = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _x.Length; i++) _x[i] = random.NextDouble() < 0.13 ? 1 : 0;
        for (int i = 0; i < _logOdds.Length; i++) _logOdds[i] = 4 * random.NextDouble() - 2;
        for (int i = 0; i < _dense.Length; i++) _dense[i] = random.NextDouble() / Components;
        _ones = new BinaryPattern();
        _ones.TryIndex<double>(_x, Rows, Pixels, maxDensity: 1);
    }

    [Benchmark(Description = "index the block's ones")]
    public int Index() => BernoulliRows.Index(_x, Rows, Pixels, 0).Count;

    [Benchmark(Description = "E: log-likelihoods")]
    public void LogLikelihoods() => BernoulliRows.LogLikelihoods(_ones, _logOdds, _offsets, _logLikelihoods);

    [Benchmark(Description = "E: normalise, scalar")]
    public double NormalizeScalar()
    {
        double total = 0;
        for (int n = 0; n < Rows; n++) total += LogSumExp.Normalize(_dense.AsSpan(n * Components, Components).ToArray());
        return total;
    }

    [Benchmark(Description = "E: normalise, vectorised")]
    public double NormalizeWide()
    {
        double total = 0;
        for (int n = 0; n < Rows; n++) total += LogSumExp.NormalizeWide(_dense.AsSpan(n * Components, Components).ToArray());
        return total;
    }

    [Benchmark(Description = "M: index by pixel, weighted sums")]
    public void WeightedSums()
    {
        var ones = BernoulliRows.Index(_x, Rows, Pixels, 0);
        BernoulliRows.AddWeightedSums(ones, _dense, Components, _sums);
    }
}
