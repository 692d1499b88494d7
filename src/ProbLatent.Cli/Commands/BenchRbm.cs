using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProbLatent.Backends;
using ProbLatent.Backends.Contrastive;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench rbm</c>: CD-1 training of a restricted Boltzmann machine (500 hidden units by default) on binary
/// data — binarized MNIST's training rows when <c>--data</c> gives them, a small generated set otherwise — in seconds per
/// epoch, beside scikit-learn's <c>BernoulliRBM</c> (persistent CD-1, its only method) with the same sizes, learning rate,
/// minibatch and epochs, run by <c>/usr/bin/python3</c> in the same run when it is there; then annealed importance
/// sampling of log Z on the trained machine (100 chains × <c>--ais</c> temperatures), timed, and on scikit-learn's weights.
/// </summary>
public static class BenchRbm
{
    public const int DefaultHidden = 500, DefaultEpochs = 1, DefaultSeed = 1, DefaultTemperatures = 10_000, DefaultBatchSize = 100;
    public const double DefaultLearningRate = 0.05;
    const string PeerScriptName = "sklearn_bernoulli_rbm.py";

    public sealed record Settings(string? DataPath, int Hidden, int Epochs, int BatchSize, double LearningRate, int Seed, int Temperatures, int Repeats = 1);

    public static int Run(CliContext context, Settings settings)
    {
        var (data, description) = Load(settings.DataPath);
        var cancellation = context.Cancellation;
        var model = Model.Define("bench-rbm").Latent("h", Prior.Bernoulli(settings.Hidden)).Energy(Energy.Bilinear()).Observe("x", data.Columns);
        var backend = Inference.Contrastive(steps: 1, epochs: settings.Epochs, batchSize: settings.BatchSize, learningRate: settings.LearningRate, seed: settings.Seed);
        var output = context.Output;
        output.WriteLine($"rbm on {description}: {Format.Count(data.Rows, "row")} × {data.Columns}, {settings.Hidden} hidden units, minibatches of {settings.BatchSize}, " +
                         $"learning rate {Format.Number(settings.LearningRate)}, {Format.Count(settings.Epochs, "epoch")}, seed {settings.Seed}, {Environment.ProcessorCount} cores");

        // One short epoch first, so the kernels are compiled and the worker thread started before anything is timed.
        var warmup = data.SelectRows(Enumerable.Range(0, Math.Min(data.Rows, 4 * settings.BatchSize)).ToArray());
        model.Compile(Inference.Contrastive(epochs: 1, batchSize: settings.BatchSize, seed: settings.Seed)).Fit(warmup, cancellation: cancellation);
        // The two trainers take turns, so each pair of runs meets the machine in the same state (another process, a
        // clock that moves): a ratio is taken within each pair, and the medians reported.
        var (ours, theirs, ratios) = (new List<double>(), new List<double>(), new List<double>());
        RestrictedBoltzmannMachine? machine = null, theirMachine = null;
        PeerResult? peer = null;
        string? skipped = null;
        for (int run = 0; run < settings.Repeats; run++)
        {
            var epochEnds = new List<TimeSpan>();
            var fit = model.Compile(backend).Fit(data, new SynchronousProgress<FitProgress>(p => epochEnds.Add(p.Elapsed)), cancellation);
            if (!fit.Converged) return Cancelled(context);
            ours.Add(epochEnds.Count > 0 ? (epochEnds[^1] - fit.SetupTime).TotalSeconds / epochEnds.Count : (fit.WallTime - fit.SetupTime).TotalSeconds / fit.Iterations);
            machine = (RestrictedBoltzmannMachine)fit.Parameters;
            if (skipped is not null || cancellation.IsCancellationRequested) continue;
            peer = RunPeer(data, settings, out skipped, out theirMachine);
            if (peer is null) continue;
            theirs.Add(peer.SecondsPerEpoch);
            ratios.Add(peer.SecondsPerEpoch / ours[^1]);
        }
        if (machine is null) return Cancelled(context);
        var table = new Table();
        foreach (var header in new[] { "trainer", "method", settings.Repeats > 1 ? $"s / epoch, median of {settings.Repeats} (range)" : "s / epoch", "rows / s", "vs scikit-learn", "pseudo-log-likelihood / point" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        double oursMedian = Median(ours);
        table.AddRow("ProbLatent", "CD-1", Seconds(ours), Format.Count(data.Rows / oursMedian),
            ratios.Count > 0 ? Ratio(ratios) : "",
            Format.PerPoint(machine.PseudoLogLikelihoods(First(data, 1000), settings.Seed).Average()));
        if (peer is { } q)
            table.AddRow("scikit-learn BernoulliRBM", "PCD-1", Seconds(theirs), Format.Count(data.Rows / Median(theirs)), "1×",
                Format.PerPoint(q.PseudoLogLikelihood));
        context.Console.Write(table);
        if (skipped is not null) output.WriteLine($"scikit-learn: skipped ({skipped})");

        var ais = new AisOptions { Chains = 100, Temperatures = settings.Temperatures, Seed = settings.Seed };
        foreach (var (who, rbm) in new[] { ("ProbLatent's machine", machine), ("scikit-learn's machine", theirMachine) })
        {
            if (rbm is null || cancellation.IsCancellationRequested) continue;
            var clock = Stopwatch.StartNew();
            var estimate = rbm.EstimateLogPartition(ais, data, cancellation);
            var seconds = clock.Elapsed;
            output.WriteLine($"AIS on {who}: {estimate} in {Format.Seconds(seconds)} s; log p(v) {Format.PerPoint(rbm.LogLikelihoods(data, estimate).Average())} per training row");
        }
        return cancellation.IsCancellationRequested ? Cancelled(context) : ExitCodes.Success;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The median seconds per epoch, and the range when there were several runs.</summary>
    static string Seconds(List<double> values) => values.Count > 1 ? $"{F2(Median(values))} ({F2(values.Min())}–{F2(values.Max())})" : F2(values[0]);

    /// <summary>The median of the runs' ratios (each run's scikit-learn time over ProbLatent's in the same pair), and their range when several.</summary>
    static string Ratio(List<double> ratios) => F2(Median(ratios)) + "× faster" + (ratios.Count > 1 ? $" ({F2(ratios.Min())}–{F2(ratios.Max())})" : "");

    static int Cancelled(CliContext context)
    {
        context.Error.WriteLine("error: cancelled; the figures above are those measured before it");
        return ExitCodes.Cancelled;
    }

    static DataMatrix First(DataMatrix data, int rows) => data.SelectRows(Enumerable.Range(0, Math.Min(rows, data.Rows)).ToArray());

    /// <summary>The training rows of a binarized-MNIST folder or .bin file, or without a path the generated set.</summary>
    static (DataMatrix Data, string Description) Load(string? path)
    {
        if (path is null) return (Generated(), "a generated binary set (10 prototypes of 784 bits, each bit flipped with probability 0.05)");
        var file = Directory.Exists(path) ? Path.Combine(path, "train.bin") : path;
        if (!File.Exists(file)) throw new UsageException($"bench rbm --data: {file} does not exist (give a binarized-MNIST folder holding train.bin, or a .bin file)");
        return (BinarizedMnist.Read(file), $"binarized MNIST {Path.GetFileName(file)}");
    }

    /// <summary>2,000 rows of 784 bits, each a copy of one of ten random prototypes with a twentieth of its bits flipped.</summary>
    static DataMatrix Generated()
    {
        const int rows = 2000, columns = 784;
        var random = new Random(1);
        var prototypes = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, columns).Select(_ => random.NextDouble() < 0.2).ToArray()).ToArray();
        var values = new double[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            var prototype = prototypes[random.Next(prototypes.Length)];
            for (int i = 0; i < columns; i++) values[r * columns + i] = prototype[i] ^ random.NextDouble() < 0.05 ? 1 : 0;
        }
        return new DataMatrix(values, rows, columns, null, "generated");
    }

    sealed record PeerResult(double SecondsPerEpoch, double PseudoLogLikelihood);

    /// <summary>scikit-learn on the same rows, or null with the reason it was skipped.</summary>
    static PeerResult? RunPeer(DataMatrix data, Settings settings, out string? skipped, out RestrictedBoltzmannMachine? weights)
    {
        RestrictedBoltzmannMachine? trained = null;
        var result = PeerScript.Run(PeerScriptName, folder =>
        {
            var bits = Path.Combine(folder, "train.bin");
            WriteBinary(data, bits);
            return
            [
                "--data", bits, "--hidden", settings.Hidden.ToString(CultureInfo.InvariantCulture), "--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture),
                "--batch-size", settings.BatchSize.ToString(CultureInfo.InvariantCulture), "--learning-rate", settings.LearningRate.ToString("R", CultureInfo.InvariantCulture),
                "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture), "--weights", Path.Combine(folder, "weights.f64"),
            ];
        }, (folder, json) =>
        {
            trained = ImportCommand.ReadRbm(Path.Combine(folder, "weights.f64"));
            return new PeerResult(json.RootElement.GetProperty("seconds_per_epoch").GetDouble(), json.RootElement.GetProperty("pseudo_log_likelihood").GetDouble());
        }, out skipped);
        weights = trained;
        return result;
    }

    /// <summary>Rows of bits in the binarized-MNIST file format the peer reads: the header, then each row's bits packed from the most significant.</summary>
    static void WriteBinary(DataMatrix data, string path)
    {
        using var file = new BinaryWriter(File.Create(path));
        file.Write(System.Text.Encoding.ASCII.GetBytes(BinarizedMnist.Magic));
        file.Write((uint)data.Rows);
        file.Write((uint)data.Columns);
        var packed = new byte[(data.Columns + 7) / 8];
        for (int r = 0; r < data.Rows; r++)
        {
            Array.Clear(packed);
            var row = data.Row(r);
            for (int i = 0; i < row.Length; i++)
                if (row[i] != 0) packed[i / 8] |= (byte)(0x80 >> (i % 8));
            file.Write(packed);
        }
    }
}
