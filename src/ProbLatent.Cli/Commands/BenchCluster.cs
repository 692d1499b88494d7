using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Distributed;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Parquet;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench cluster</c>: the benchmark mixture (<see cref="Synthetic.ThreeGaussians"/>, 1,000,000 rows by default)
/// written as six Parquet shards into a temporary folder (deleted after), then EM and VMP over them with 1, 2 and 3 worker processes
/// on this machine (<c>problatent worker</c>, the shards dealt out in turn): per run, ms per sweep and the payload bytes a
/// sweep sends and receives, which depend on the shards, K and d, not on the rows; then EM and VMP for a factor analyser of
/// the same rows, whose sweeps send nothing (it iterates on the mean and covariance the start's passes summed).
/// </summary>
public static class BenchCluster
{
    public const int DefaultRows = 1_000_000;
    public const int DefaultIterations = 10;
    const int Shards = 6;

    public static int Run(CliContext context, int rows, int iterations)
    {
        if (rows < 3 * Shards) throw new UsageException($"bench cluster: --rows must be at least {3 * Shards}, got {rows}");
        var folder = Directory.CreateTempSubdirectory("problatent-bench-cluster-");
        try
        {
            var random = new Random(1);
            var files = Enumerable.Range(0, Shards).Select(s =>
            {
                var path = Path.Combine(folder.FullName, $"shard-{s}.parquet");
                int count = (s + 1) * rows / Shards - s * rows / Shards;
                var drawn = Synthetic.ThreeGaussians.Generate(count, random).Data;
                ParquetTable.Write(path, [new DataMatrix(drawn.Values.ToArray(), count, 2, ["x1", "x2"], path)]);
                return path;
            }).ToArray();
            context.Output.WriteLine($"EM and VMP for a 3-component full-covariance Gaussian mixture, then for a one-factor factor analyser (fa-em, fa-vmp), over {rows:N0} rows in {Shards} Parquet shards, {iterations} iterations, " +
                                     $"one restart, seed 1; the workers are processes on this machine ({Environment.ProcessorCount} cores), over TCP on 127.0.0.1");
            context.Output.WriteLine($"shards in {folder.FullName} (deleted when the bench ends)");
            context.Output.WriteLine("engine  workers  ms per sweep  bytes sent per sweep  bytes received per sweep  log p(x)");
            // Then a factor analyser (one factor) of the same rows: its fit asks the shards only the start's passes, so a sweep sends nothing.
            foreach (var (engine, model) in new[] { ("em", Mixture), ("vmp", Mixture), ("fa-em", FactorAnalysis), ("fa-vmp", FactorAnalysis) })
                for (int workers = 1; workers <= 3; workers++)
                {
                    var (perSweep, bytes, logLikelihood) = Measure(files, model, engine.EndsWith("em", StringComparison.Ordinal), workers, iterations, context.Cancellation);
                    context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{engine,6}  {workers,7}  {perSweep,12:F1}  {bytes.Sent,20:N0}  {bytes.Received,24:N0}  {logLikelihood:F3}"));
                }
            return ExitCodes.Success;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    static readonly Model Mixture = Model.Define("bench-cluster").Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static readonly Model FactorAnalysis = Model.Define("bench-cluster-fa").Latent("z", Prior.StandardNormal(1))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 2);

    static (double PerSweep, (long Sent, long Received) Bytes, double LogLikelihood) Measure(string[] files, Model model, bool em, int workers, int iterations,
        CancellationToken cancellation)
    {
        var processes = new List<Process>();
        try
        {
            var addresses = Enumerable.Range(0, workers).Select(w =>
            {
                var (process, address) = StartWorker(string.Join(',', files.Where((_, s) => s % workers == w)));
                processes.Add(process);
                return address;
            }).ToArray();
            var shards = ClusterShards.Connect(addresses, ClusterOptions.Default).GetAwaiter().GetResult();
            try
            {
                var times = new List<TimeSpan>();
                var progress = new SynchronousProgress<FitProgress>(p => times.Add(p.Elapsed));
                var fit = model
                    .Compile(em
                        ? Inference.Em(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1)
                        : Inference.Vmp(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1))
                    .FitShards(shards, progress, cancellation);
                double perSweep = times.Count > 1 ? (times[^1] - times[0]).TotalMilliseconds / (times.Count - 1) : times[0].TotalMilliseconds;
                return (perSweep, shards.LastSweepBytes, fit.LogLikelihood);
            }
            finally
            {
                shards.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    /// <summary>Starts <c>problatent worker --listen 127.0.0.1:0 --data FILES</c> and reads the address its first line gives.</summary>
    static (Process Process, string Address) StartWorker(string files)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("bench cluster: the path of this process is not known, so it cannot start workers");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(BenchCluster).Assembly.Location);
        foreach (var argument in new[] { "worker", "--listen", "127.0.0.1:0", "--data", files }) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"bench cluster: could not start {self}");
        // The worker's log lines are drained, so a full pipe never stops it.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        const string prefix = "worker listening on ";
        var line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bench cluster: a worker did not start: {line ?? process.StandardError.ReadToEnd().Trim()}");
        }
        return (process, line[prefix.Length..line.IndexOf(',', prefix.Length)]);
    }
}
