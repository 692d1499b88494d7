using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench stream</c>: EM and VMP over data larger than memory. It writes a generated Parquet file of the benchmark
/// mixture (<see cref="Synthetic.ThreeGaussians"/>, 20,000,000 rows by default) into a temporary folder, deleted after, and
/// fits the 3-component full-covariance Gaussian mixture from it by each engine in a child process of its own, so that the
/// child's peak working set (the operating system's high-water mark of its resident memory) is the fit's alone. Each child
/// reports its time per iteration (and over the whole fit, the start's passes counted: the first decodes the file and writes
/// the fit's spill, <see cref="DataSource.Spill"/>), the share of its wall time spent inside the Parquet reader (reading and
/// decoding row groups), reading the spill back, and paused by the garbage collector; the same engines then fit a subset of the rows held in memory in this process, for the points per second a
/// streamed iteration is measured against.
/// </summary>
public static class BenchStream
{
    public const int DefaultRows = 20_000_000;
    public const int DefaultIterations = 10;

    /// <summary>The most rows the in-memory comparison holds: points per second no longer depend on the size by then.</summary>
    public const int InMemoryRows = 2_000_000;

    /// <summary>Rows per row group of the generated file: a multiple of the engines' row blocks, 4 MB of doubles (the reader's garbage per row group grows with it).</summary>
    const int RowGroupRows = 1 << 18;

    const string ChildPrefix = "stream-fit ";

    static readonly string[] EngineNames = ["em", "vmp"];

    static Model Mixture() => Model.Define("bench-stream").Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static IBackend Backend(string engine, int iterations) => engine == "vmp"
        ? Inference.Vmp(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1)
        : Inference.Em(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1);

    public static int Run(CliContext context, int rows, int iterations)
    {
        if (rows < 3) throw new UsageException($"bench stream: --rows must be at least 3, got {rows}");
        if (iterations < 1) throw new UsageException($"--iterations must be at least 1, got {iterations}");
        var inv = CultureInfo.InvariantCulture;
        var folder = Directory.CreateTempSubdirectory("problatent-bench-stream-");
        try
        {
            var path = Path.Combine(folder.FullName, "three-gaussians.parquet");
            var clock = Stopwatch.StartNew();
            Write(path, rows);
            context.Output.WriteLine($"wrote {rows:N0} rows × 2 columns ({new FileInfo(path).Length / 1e6:F0} MB, row groups of {Math.Min(rows, RowGroupRows):N0}) in {clock.Elapsed.TotalSeconds:F1} s");
            var streamed = new Dictionary<string, ChildReport>();
            foreach (var engine in EngineNames)
            {
                if (context.Cancellation.IsCancellationRequested) break;
                streamed[engine] = RunChild(engine, path, iterations);
            }
            int held = Math.Min(rows, InMemoryRows);
            var memory = new Dictionary<string, double>();
            if (!context.Cancellation.IsCancellationRequested)
            {
                var data = Synthetic.ThreeGaussiansData(held);
                foreach (var engine in EngineNames)
                {
                    // The first fit pays for the JIT and for touching fresh memory; the second is measured.
                    Mixture().Compile(Backend(engine, iterations)).Fit(data, cancellation: context.Cancellation);
                    var fit = Mixture().Compile(Backend(engine, iterations)).Fit(data, cancellation: context.Cancellation);
                    memory[engine] = (fit.WallTime - fit.SetupTime).TotalMilliseconds / fit.Iterations;
                }
            }
            if (streamed.Count < EngineNames.Length || memory.Count < EngineNames.Length)
            {
                context.Error.WriteLine("error: cancelled before every fit was measured");
                return ExitCodes.Cancelled;
            }
            var table = new Table();
            foreach (var header in new[] { "engine", "data", "rows", "setup (s)", "ms / iter.", "points / s", "vs in memory", "with setup", "decoding", "spill reads", "GC pauses", "peak working set" })
                table.AddColumn(new TableColumn(new Text(header)).RightAligned());
            foreach (var engine in EngineNames)
            {
                var s = streamed[engine];
                double streamedRate = rows / s.PerIteration * 1000, memoryRate = held / memory[engine] * 1000;
                double wholeRate = (double)rows * iterations / s.WholeMilliseconds * 1000;
                table.AddRow(engine, "streamed", rows.ToString("N0", inv), s.Setup.ToString("F1", inv), s.PerIteration.ToString("F1", inv),
                    streamedRate.ToString("N0", inv), (streamedRate / memoryRate).ToString("F2", inv) + "×", (wholeRate / memoryRate).ToString("F2", inv) + "×",
                    Percent(s.ReadingShare), Percent(s.SpillShare), Percent(s.CollectingShare), $"{s.PeakWorkingSet / 1e6:F0} MB");
                table.AddRow(engine, "in memory", held.ToString("N0", inv), "", memory[engine].ToString("F1", inv), memoryRate.ToString("N0", inv), "1×", "", "", "", "", "");
            }
            context.Output.WriteLine($"a 3-component full-covariance Gaussian mixture, {iterations} iterations per fit, one restart, seed 1, {Environment.ProcessorCount} cores; " +
                                     "each streamed fit in a child process of its own");
            context.Console.Write(table);
            context.Output.WriteLine("with setup: the streamed points per second counting the start's passes (the first decodes the file and writes the spill), " +
                                     "against the in-memory fit's; decoding: the share of the streamed fit's wall time (its start's passes included) spent " +
                                     "reading and decoding row groups; spill reads: its share spent reading the spill back; " +
                                     "GC pauses: its share spent paused by the garbage collector; peak working set: the child process's high-water mark of resident memory");
            return ExitCodes.Success;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    static string Percent(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>The benchmark mixture's rows, drawn a row group at a time with one seeded generator, so no more than a row group is ever held.</summary>
    static void Write(string path, int rows)
    {
        var random = new Random(1);
        IEnumerable<DataMatrix> Groups()
        {
            for (int first = 0; first < rows; first += RowGroupRows)
            {
                int count = Math.Min(RowGroupRows, rows - first);
                var drawn = Synthetic.ThreeGaussians.Generate(count, random).Data;
                yield return new DataMatrix(drawn.Values.ToArray(), count, 2, ["x1", "x2"], path);
            }
        }
        ParquetTable.Write(path, Groups());
    }

    /// <summary>What a child's fit measured.</summary>
    sealed record ChildReport(double Setup, double PerIteration, double WholeMilliseconds, double ReadingShare, double SpillShare, double CollectingShare,
        long PeakWorkingSet);

    /// <summary>Runs <c>problatent bench stream --child-fit ENGINE --child-data PATH</c> and reads its one report line.</summary>
    static ChildReport RunChild(string engine, string path, int iterations)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("bench stream: the path of this process is not known, so it cannot start its fits");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(BenchStream).Assembly.Location);
        foreach (var argument in new[] { "bench", "stream", "--child-fit", engine, "--child-data", path, "--iterations", iterations.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"bench stream: could not start {self}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ChildPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"bench stream: the {engine} fit exited with code {process.ExitCode}: {error.Result.Trim()}");
        var values = line[ChildPrefix.Length..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        return new ChildReport(values["setup"], values["iteration"], values["whole"], values["reading"], values["spill"], values["gc"], (long)values["peak"]);
    }

    /// <summary>
    /// The child's part: fits the file by <paramref name="engine"/> through a source that times its reader, then prints one
    /// line — setup seconds, milliseconds per iteration, the reading and GC pause shares, the peak working set in bytes — for the parent.
    /// </summary>
    public static int RunChildFit(CliContext context, string engine, string path, int iterations)
    {
        if (!EngineNames.Contains(engine)) throw new UsageException($"--child-fit takes {string.Join(" or ", EngineNames)}, not '{engine}'");
        // The spill a fit makes of its source, made here so that its reads are timed apart from the Parquet reader's.
        var decoding = new TimedSource(ParquetSource.Open(path));
        using var spill = DataSource.Spill(decoding);
        var source = new TimedSource(spill);
        var fit = Mixture().Compile(Backend(engine, iterations)).FitSource(source, cancellation: context.Cancellation);
        double perIteration = (fit.WallTime - fit.SetupTime).TotalMilliseconds / fit.Iterations;
        double reading = decoding.Reading.TotalSeconds / fit.WallTime.TotalSeconds;
        double spillReads = (source.Reading - decoding.Reading).TotalSeconds / fit.WallTime.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var inv = CultureInfo.InvariantCulture;
        context.Output.WriteLine($"{ChildPrefix}setup={fit.SetupTime.TotalSeconds.ToString("R", inv)} iteration={perIteration.ToString("R", inv)} " +
                                 $"reading={reading.ToString("R", inv)} spill={spillReads.ToString("R", inv)} whole={fit.WallTime.TotalMilliseconds.ToString("R", inv)} gc={(GC.GetTotalPauseDuration() / fit.WallTime).ToString("R", inv)} peak={self.PeakWorkingSet64.ToString(inv)}");
        return ExitCodes.Success;
    }

    /// <summary>A source that adds up the time spent inside its inner source's reader: fetching each block, not using it.</summary>
    sealed class TimedSource(DataSource inner) : DelegatingSource(inner)
    {
        readonly Stopwatch _reading = new();

        public TimeSpan Reading => _reading.Elapsed;
        public override bool ReadsCheaply => Inner.ReadsCheaply;

        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
        {
            using var blocks = Inner.Blocks(cancellation).GetEnumerator();
            while (true)
            {
                _reading.Start();
                bool more = blocks.MoveNext();
                _reading.Stop();
                if (!more) yield break;
                yield return blocks.Current;
            }
        }
    }
}
