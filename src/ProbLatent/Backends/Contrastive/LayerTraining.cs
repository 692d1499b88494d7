using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// The epochs of one restricted Boltzmann machine's contrastive training, over the data or, for a deep belief net's
/// layer above the first, over the probabilities p(h = 1 | ·) of the layer below: each epoch visits the rows in a new
/// seeded order and ends with the mean pseudo-log-likelihood of a fixed set of monitored rows. A layer's inputs are
/// probabilities, which have no pseudo-likelihood, so its monitored rows are binary draws from them, made once.
/// </summary>
internal sealed class LayerTraining
{
    /// <summary>What a layer's training left: the machine, its trace from before the first epoch, the epochs it ran, and whether it was cancelled.</summary>
    public sealed record Outcome(RestrictedBoltzmannMachine Machine, IReadOnlyList<double> Trace, int Epochs, bool Cancelled, TimeSpan Setup);

    /// <param name="epochsBefore">The epochs of the layers below, from which this layer's progress counts on.</param>
    /// <param name="allEpochs">The epochs of every layer together, the progress' total.</param>
    public static Outcome Run(DataMatrix input, bool binaryInput, int hidden, ContrastiveOptions options, int epochsBefore, int allEpochs,
        Stopwatch clock, IProgress<FitProgress>? progress, CancellationToken cancellation)
    {
        int rows = input.Rows, batch = Math.Min(options.BatchSize, rows);
        var trainer = new ContrastiveTrainer(input.Columns, hidden, batch, BaseRates.Logits(input), options);
        trainer.Index(input);
        var shuffle = new Random(options.Seed + 1);
        var order = Enumerable.Range(0, rows).ToArray();
        var monitored = input.SelectRows(order.OrderBy(_ => shuffle.Next()).Take(Math.Min(options.MonitorRows, rows)).Order().ToArray());
        if (!binaryInput) monitored = Drawn(monitored, (ulong)options.Seed);
        double Monitor() => trainer.Machine().PseudoLogLikelihoods(monitored, options.Seed).Average();
        var trace = new List<double> { Monitor() };
        var setup = clock.Elapsed;
        var (epochs, cancelled) = MinibatchEpochs.Run(order, batch, options.Epochs, shuffle,
            (start, count, epoch, b) => trainer.Step(input, order, start, count, epoch, b),
            epoch =>
            {
                trace.Add(Monitor());
                progress?.Report(new FitProgress(epochsBefore + epoch, allEpochs, trace[^1], clock.Elapsed, Unit: ProgressUnit.Epoch,
                    SamplesPerSecond: FitProgress.Rate(epoch, rows, clock.Elapsed, setup)));
            }, cancellation);
        return new Outcome(trainer.Machine(), trace, epochs, cancelled, setup);
    }

    /// <summary>Each probability drawn once to a bit, from the uniforms of the seed's last stream (the trainer's count up from zero).</summary>
    static DataMatrix Drawn(DataMatrix probabilities, ulong seed)
    {
        var values = probabilities.Values.ToArray();
        for (long i = 0; i < values.Length; i++) values[i] = CounterUniforms.Uniform(seed, ulong.MaxValue, i) < values[i] ? 1 : 0;
        return new DataMatrix(values, probabilities.Rows, probabilities.Columns, null, probabilities.Source);
    }
}
