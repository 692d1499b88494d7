using System.Globalization;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench hmm</c>: Baum–Welch on a synthetic 3-state hidden Markov model with 2-D full-covariance Gaussian
/// emissions (<see cref="Truth"/>), at several numbers of steps T: one sequence of T steps, and the same T split into
/// several sequences, which run in parallel. It prints milliseconds per iteration, steps per second, each size's time per
/// step against the smallest's (1.00× is linear in T), and with <c>--peer</c> pomegranate's Baum–Welch on the same data in
/// the same run (benchmarks/peers/pomegranate_hmm.py, run by <c>/usr/bin/python3</c>).
/// </summary>
public static class BenchHmm
{
    public const string DefaultSteps = "10000,100000,1000000";
    public const int DefaultIterations = 10;
    public const int DefaultSequences = 8;
    const string PeerScriptName = "pomegranate_hmm.py";

    /// <summary>
    /// The generating chain: π uniform, each state kept with probability 0.95 (a visit lasts 20 steps on average) and left
    /// for either other state with 0.025, and the states' emissions the components of <see cref="Synthetic.ThreeGaussians"/>.
    /// </summary>
    public static HiddenMarkovModel Truth { get; } = new(
        [1.0 / 3, 1.0 / 3, 1.0 / 3],
        [0.95, 0.025, 0.025, 0.025, 0.95, 0.025, 0.025, 0.025, 0.95],
        Synthetic.ThreeGaussians);

    /// <summary><paramref name="steps"/> steps drawn from <see cref="Truth"/> (seed 1) as <paramref name="sequences"/> sequences of nearly equal lengths.</summary>
    public static SequenceData Data(int steps, int sequences)
    {
        var lengths = Enumerable.Range(0, sequences).Select(s => steps / sequences + (s < steps % sequences ? 1 : 0)).ToArray();
        return Truth.GenerateSequences(lengths, new Random(1)).Data;
    }

    public sealed record Settings(IReadOnlyList<int> Steps, int Iterations, int Sequences, bool Peer, string? WriteData);

    public static int Run(CliContext context, Settings settings)
    {
        if (settings.Iterations < 1) throw new UsageException($"--iterations must be at least 1, got {settings.Iterations}");
        if (settings.Sequences < 1) throw new UsageException($"--sequences must be at least 1, got {settings.Sequences}");
        if (settings.Steps.Any(t => t < settings.Sequences))
            throw new UsageException($"--steps must be at least --sequences ({settings.Sequences}) each, so that no sequence is empty");
        var model = Model.Define("bench-hmm").Latent("z", Prior.MarkovChain(Prior.Categorical(3)))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);
        var backend = Inference.Em(restarts: 1, seed: 1, maxIterations: settings.Iterations, tolerance: -1);
        var inv = CultureInfo.InvariantCulture;
        var table = new Table();
        foreach (var header in new[] { "steps", "sequences", "code", "ms / iteration", "steps / s", "per step vs smallest", "vs one sequence", "log p(x) / step" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        var cancellation = context.Cancellation;
        var layouts = settings.Sequences > 1 ? new[] { 1, settings.Sequences } : [1];
        string? peerSkipped = settings.Peer ? null : "not run (give --peer)";
        int measuredSizes = 0;
        double? firstPerStep = null;
        try
        {
            // Warm up until the JIT has promoted the hot loops to optimised code (tiered compilation needs repeated calls).
            var warmup = Data(Math.Min(settings.Steps.Min(), 10_000), 1);
            for (int i = 0; i < 3 && !cancellation.IsCancellationRequested; i++) model.Compile(backend).FitSequences(warmup, cancellation: cancellation);
            foreach (int steps in settings.Steps)
            {
                double onePerIteration = 0;
                foreach (int count in layouts)
                {
                    if (cancellation.IsCancellationRequested) break;
                    var data = Data(steps, count);
                    if (settings.WriteData is { } folder) WriteCsv(data, Path.Combine(folder, $"hmm-{steps}x{count}.csv"));
                    var fit = model.Compile(backend).FitSequences(data, cancellation: cancellation);
                    if (cancellation.IsCancellationRequested) break;
                    double perIteration = (fit.WallTime - fit.SetupTime).TotalMilliseconds / fit.Iterations;
                    if (count == 1) onePerIteration = perIteration;
                    double perStep = perIteration / steps;
                    firstPerStep ??= perStep;
                    table.AddRow(steps.ToString("N0", inv), count.ToString(inv), "problatent", perIteration.ToString("F2", inv), (steps / perIteration * 1000).ToString("N0", inv),
                        (perStep / firstPerStep.Value).ToString("F2", inv) + "×", count == 1 ? "1×" : (onePerIteration / perIteration).ToString("F2", inv) + "×",
                        (fit.LogLikelihood / steps).ToString("F4", inv));
                    if (settings.Peer && peerSkipped is null)
                    {
                        var peer = RunPeer(data, settings.Iterations, out peerSkipped);
                        if (peer is { } p)
                            table.AddRow("", count.ToString(inv), "pomegranate", p.MillisecondsPerIteration.ToString("F2", inv), (steps / p.MillisecondsPerIteration * 1000).ToString("N0", inv),
                                "", $"problatent {(p.MillisecondsPerIteration / perIteration).ToString("F1", inv)}× faster", (p.LogLikelihood / steps).ToString("F4", inv));
                    }
                }
                if (cancellation.IsCancellationRequested) break;
                measuredSizes++;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        context.Output.WriteLine($"Baum–Welch on {model}: 3 states, 2-D full-covariance Gaussian emissions, data drawn from a known chain (seed 1); " +
                                 $"{settings.Iterations} iterations per fit, one restart, {Environment.ProcessorCount} cores");
        context.Output.WriteLine("per step vs smallest: each fit's time per step over the first fit's (1.00× is linear in the steps); " +
                                 $"vs one sequence: the same steps as {settings.Sequences} sequences, which run in parallel, against one");
        if (peerSkipped is not null) context.Output.WriteLine($"pomegranate: {peerSkipped}");
        if (measuredSizes > 0) context.Console.Write(table);
        if (cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine($"error: cancelled; {(measuredSizes == 0 ? "no size was measured" : $"the table covers the {measuredSizes} of {settings.Steps.Count} sizes measured before it")}");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    /// <summary>The sequences as CSV the peer reads: a sequence column, then x1, x2 to the last bit (round-trip format).</summary>
    static void WriteCsv(SequenceData data, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("sequence,x1,x2");
        var inv = CultureInfo.InvariantCulture;
        for (int s = 0; s < data.Count; s++)
        {
            var sequence = data.Sequence(s);
            for (int t = 0; t < sequence.Rows; t++) writer.WriteLine($"{s},{sequence[t, 0].ToString("R", inv)},{sequence[t, 1].ToString("R", inv)}");
        }
    }

    sealed record PeerResult(double MillisecondsPerIteration, double LogLikelihood);

    /// <summary>pomegranate on the same sequences, or null with the reason it was skipped.</summary>
    static PeerResult? RunPeer(SequenceData data, int iterations, out string? skipped) => PeerScript.Run(PeerScriptName, folder =>
    {
        var csv = Path.Combine(folder, "sequences.csv");
        WriteCsv(data, csv);
        return ["--data", csv, "--iterations", iterations.ToString(CultureInfo.InvariantCulture)];
    }, (_, json) => new PeerResult(json.RootElement.GetProperty("ms_per_iteration").GetDouble(), json.RootElement.GetProperty("log_likelihood").GetDouble()), out skipped);
}
