using BenchmarkDotNet.Attributes;
using ProbLatent.Numerics;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The benchmark VAE's first layer on a minibatch of 0/1 data (100 rows of 784 values, 200 units), by the dense
/// product (<see cref="Gemm"/>, the baseline) and by sums of the rows the ones select (<see cref="BinaryProduct"/>):
/// the forward product X·W, the weight gradient Xᵀ·dY, and both with the indexing of the ones a training step pays
/// for (by row, then by column). Binarized MNIST has about 13% ones; above a quarter the tape multiplies densely (<see cref="Autodiff.Tape.MaxBinaryDensity"/>).
/// Both cores, as in training.
/// </summary>
[MemoryDiagnoser]
public class BinaryProductBenchmarks
{
    const int Rows = 100, Inputs = 784, Units = 200;

    [Params(0.13, 0.5)]
    public double Density { get; set; }

    Tensor _x = null!, _w = null!, _dy = null!, _y = null!, _dw = null!;
    readonly BinaryPattern _pattern = new();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _x = new Tensor(Rows, Inputs);
        foreach (ref var v in _x.Span) v = random.NextDouble() < Density ? 1f : 0f;
        _w = Values(random, Inputs, Units);
        _dy = Values(random, Rows, Units);
        _y = new Tensor(Rows, Units);
        _dw = new Tensor(Inputs, Units);
        Index();
    }

    static Tensor Values(Random random, int rows, int columns)
    {
        var t = new Tensor(rows, columns);
        foreach (ref var v in t.Span) v = (float)(random.NextDouble() - 0.5);
        return t;
    }

    void Index()
    {
        if (!_pattern.TryIndex(_x, maxDensity: 1)) throw new InvalidOperationException("the benchmark data is not 0/1");
        _pattern.IndexColumns();
    }

    [Benchmark(Baseline = true, Description = "dense X·W + Xᵀ·dY")]
    public void Dense()
    {
        Gemm.Multiply(_x, false, _w, false, _y);
        Gemm.Multiply(_x, true, _dy, false, _dw);
    }

    [Benchmark(Description = "binary X·W + Xᵀ·dY")]
    public void Binary()
    {
        BinaryProduct.Multiply(_pattern, _w, _y);
        BinaryProduct.MultiplyTransposed(_pattern, _dy, _dw);
    }

    [Benchmark(Description = "index, then binary X·W + Xᵀ·dY")]
    public void IndexedBinary()
    {
        Index();
        Binary();
    }
}
