using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ProbLatent.Numerics;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The matrix products of one training step of the benchmark VAE (784-200-200 encoder with mean and log-variance heads
/// of 50, 50-200-200-784 decoder, batch 100), all twenty as the dense GEMM computes them: forward X·W (NN), input
/// gradients dY·Wᵀ (NT, none for the data), weight gradients Xᵀ·dY (TN). On binarized MNIST the first layer's NN and
/// TN products go through <see cref="BinaryProduct"/> instead (<see cref="BinaryProductBenchmarks"/>). Cases: the whole
/// step as one sequence; three of the five products that tie as its largest (31.4 MFLOP), the decoder output layer's
/// NN, NT and TN, which stay dense on binary data where the other two, the first layer's, do not; and
/// importance-sampling batches of 1000 and 5000 rows through the decoder. Shapes are named "op(A) op(B) m×n×k" (T: transposed). On one thread and on two
/// (<see cref="WorkerPair"/>), with the achieved GFLOP/s (2·m·n·k per product) in its own column.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks
{
    public sealed record Product(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
    {
        public double Flops => 2.0 * M * N * K;
        public override string ToString() => Name;
    }

    public const string WholeStep = "VAE step (20)";

    static Product NN(int m, int n, int k) => new($"NN {m}×{n}×{k}", false, false, m, n, k);
    static Product NT(int m, int n, int k) => new($"NT {m}×{n}×{k}", false, true, m, n, k);
    static Product TN(int m, int n, int k) => new($"TN {m}×{n}×{k}", true, false, m, n, k);

    // Layer by layer: encoder 784→200→200, the two heads 200→50, decoder 50→200→200→784.
    static readonly Product[] Step =
    [
        NN(100, 200, 784), NN(100, 200, 200), NN(100, 50, 200), NN(100, 50, 200), NN(100, 200, 50), NN(100, 200, 200), NN(100, 784, 200),
        NT(100, 200, 200), NT(100, 200, 50), NT(100, 200, 50), NT(100, 50, 200), NT(100, 200, 200), NT(100, 200, 784),
        TN(784, 200, 100), TN(200, 200, 100), TN(200, 50, 100), TN(200, 50, 100), TN(50, 200, 100), TN(200, 200, 100), TN(200, 784, 100),
    ];

    static readonly Product[] Single =
    [
        NN(100, 784, 200), NT(100, 200, 784), TN(200, 784, 100),
        NN(1000, 200, 50), NN(1000, 784, 200), NN(5000, 200, 200), NN(5000, 784, 200),
    ];

    public static IEnumerable<string> Names => Single.Select(p => p.Name).Append(WholeStep);

    /// <summary>Floating-point operations of one invocation of the named case.</summary>
    public static double FlopsOf(string name) => name == WholeStep ? Step.Sum(p => p.Flops) : Single.Single(p => p.Name == name).Flops;

    [ParamsSource(nameof(Names))]
    public string Shape { get; set; } = WholeStep;

    [Params(1, 2)]
    public int Threads { get; set; }

    Product[] _products = [];
    (float[] A, float[] B, float[] C)[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _products = Shape == WholeStep ? Step : [Single.Single(p => p.Name == Shape)];
        var random = new Random(1);
        _data = _products.Select(p => (Values(random, p.M * p.K), Values(random, p.K * p.N), new float[p.M * p.N])).ToArray();
    }

    static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() - 0.5);
        return values;
    }

    [Benchmark(Description = "C = op(A)·op(B)")]
    public void Multiply()
    {
        for (int i = 0; i < _products.Length; i++)
        {
            var p = _products[i];
            var (a, b, c) = _data[i];
            Gemm.Multiply(p.M, p.N, p.K, a, p.TransposeA ? p.M : p.K, p.TransposeA, b, p.TransposeB ? p.K : p.N, p.TransposeB,
                c, p.N, accumulate: false, portable: false, parallel: Threads == 2);
        }
    }

    sealed class GflopsConfig : ManualConfig
    {
        public GflopsConfig() => AddColumn(new GflopsColumn());
    }

    /// <summary>2·m·n·k over the mean time of an invocation.</summary>
    sealed class GflopsColumn : IColumn
    {
        public string Id => nameof(GflopsColumn);
        public string ColumnName => "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "2·m·n·k floating-point operations per second, in billions";
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null || benchmarkCase.Parameters["Shape"] is not string shape) return "-";
            return (FlopsOf(shape) / statistics.Mean).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
