using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ProbLatent.Numerics;

namespace ProbLatent.Benchmarks;

/// <summary>
/// The matrix products of one training step of the benchmark VAE (784-200-200-50 encoder and 50-200-200-784
/// decoder, batch 100): forward X·W (NN), input gradients dY·Wᵀ (NT), weight gradients Xᵀ·dY (TN); the whole step
/// as one sequence; and importance-sampling batches of 1000 and 5000 rows through the decoder. Shapes are named
/// "op(A) op(B) m×n×k" (T: transposed). On one thread and on two (<see cref="WorkerPair"/>), with the achieved
/// GFLOP/s (2·m·n·k per product) in its own column.
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

    public const string WholeStep = "VAE step (15)";

    static readonly Product[] Step =
    [
        new("NN 100×200×784", false, false, 100, 200, 784),
        new("NN 100×200×200", false, false, 100, 200, 200),
        new("NN 100×100×200", false, false, 100, 100, 200),
        new("NN 100×200×50", false, false, 100, 200, 50),
        new("NN 100×784×200", false, false, 100, 784, 200),
        new("NT 100×784×200", false, true, 100, 784, 200),
        new("NT 100×200×200", false, true, 100, 200, 200),
        new("NT 100×200×100", false, true, 100, 200, 100),
        new("NT 100×200×784", false, true, 100, 200, 784),
        new("NT 100×50×200", false, true, 100, 50, 200),
        new("TN 784×200×100", true, false, 784, 200, 100),
        new("TN 200×200×100", true, false, 200, 200, 100),
        new("TN 50×200×100", true, false, 50, 200, 100),
        new("TN 200×784×100", true, false, 200, 784, 100),
        new("TN 200×100×100", true, false, 200, 100, 100),
    ];

    static readonly Product[] ImportanceSampling =
    [
        new("NN 1000×200×50", false, false, 1000, 200, 50),
        new("NN 1000×784×200", false, false, 1000, 784, 200),
        new("NN 5000×200×200", false, false, 5000, 200, 200),
        new("NN 5000×784×200", false, false, 5000, 784, 200),
    ];

    public static IEnumerable<string> Names => Step.Concat(ImportanceSampling).Select(p => p.Name).Append(WholeStep);

    /// <summary>Floating-point operations of one invocation of the named case.</summary>
    public static double FlopsOf(string name) =>
        name == WholeStep ? Step.Sum(p => p.Flops) : Step.Concat(ImportanceSampling).Single(p => p.Name == name).Flops;

    [ParamsSource(nameof(Names))]
    public string Shape { get; set; } = WholeStep;

    [Params(1, 2)]
    public int Threads { get; set; }

    Product[] _products = [];
    (float[] A, float[] B, float[] C)[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        _products = Shape == WholeStep ? Step : [Step.Concat(ImportanceSampling).Single(p => p.Name == Shape)];
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
