using BenchmarkDotNet.Attributes;
using ProbLatent.Backends.Contrastive;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The three products of a CD-1 step of the benchmark RBM (<c>problatent bench rbm</c>: a minibatch of 100 rows, 784
/// visible and 500 hidden units) at binarized MNIST's 13% ones, with a sample that shares 55% of them: p(h | v) by sums of the rows of W the ones select
/// (<see cref="BinaryProduct"/>; twice a step, for v₀ and vₖ), p(v | h) from a sampled h on the GEMM, and the weight
/// gradient taken into the momentum update row by row of W (<see cref="MomentumUpdate"/>). Both cores, as in training.
/// </summary>
[MemoryDiagnoser]
public class ContrastiveStepBenchmarks
{
    const int Rows = 100, Visible = 784, Hidden = 500;

    BoltzmannKernel _kernel = null!;
    readonly BinaryPattern _data = new(), _sample = new();
    Tensor _p = null!, _q = null!, _difference = null!;
    float[] _h = null!, _v = null!, _velocity = null!;
    readonly bool[] _nonFinite = new bool[1];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _kernel = new BoltzmannKernel(Visible, Hidden, Values(random, Visible * Hidden, 0.01f), new float[Visible], new float[Hidden]);
        var data = Bits(random, _ => 0.13);
        // A sample that keeps 55% of the data's ones and has as many in all, as the first epoch's reconstructions do.
        var sample = Bits(random, k => data.Span[k] == 1 ? 0.55 : 0.45 * 0.13 / 0.87);
        Index(_data, data);
        Index(_sample, sample);
        _p = new Tensor(Values(random, Rows * Hidden, 1), Rows, Hidden);
        _q = new Tensor(Values(random, Rows * Hidden, 1), Rows, Hidden);
        _difference = new Tensor(Rows, Hidden);
        _h = new float[Rows * Hidden];
        foreach (ref var x in _h.AsSpan()) x = random.NextDouble() < 0.4 ? 1 : 0;
        _v = new float[Rows * Visible];
        _velocity = new float[Visible * Hidden];
    }

    static float[] Values(Random random, int count, float scale)
    {
        var values = new float[count];
        foreach (ref var x in values.AsSpan()) x = (float)(random.NextDouble() - 0.5) * scale;
        return values;
    }

    static Tensor Bits(Random random, Func<int, double> probability)
    {
        var x = new Tensor(Rows, Visible);
        for (int k = 0; k < x.Length; k++) x.Span[k] = random.NextDouble() < probability(k) ? 1f : 0f;
        return x;
    }

    static void Index(BinaryPattern pattern, Tensor x)
    {
        if (!pattern.TryIndex(x, maxDensity: 1)) throw new InvalidOperationException("the benchmark data is not 0/1");
        pattern.IndexColumns();
    }

    [Benchmark(Description = "p(h | v): sums of selected rows of W")]
    public void HiddenFromVisible() => _kernel.HiddenProbabilities(_data, _p);

    [Benchmark(Description = "p(v | h): h Wᵀ on the GEMM")]
    public void VisibleFromHidden() => _kernel.VisibleProbabilities(_h, Rows, _v);

    [Benchmark(Description = "weight gradient into the momentum update")]
    public void Update() => MomentumUpdate.WeightVelocity(_data, _p, _sample, _q, _difference, _kernel.Weights, _velocity, _kernel.NextWeights, 0.5f, 0.0005f, 0, _nonFinite);
}
