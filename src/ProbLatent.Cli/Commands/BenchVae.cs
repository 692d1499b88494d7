using System.Diagnostics;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.LatentModels;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench vae</c>: the reparameterized engine's training speed on the benchmark VAE — binarized MNIST,
/// encoder 784-200-200 → 50, decoder 50-200-200-784, tanh, Bernoulli likelihood, Adam, minibatches of 100 — for a few
/// epochs: seconds per epoch, samples per second, the achieved GFLOP/s of the matrix products
/// (<see cref="VaeArchitecture.TrainingFlopsPerSample"/>), the process's peak memory and the final training ELBO.
/// </summary>
/// <remarks>No other engine trains a VAE in this process, so there is no baseline in the same run: compare with a peer
/// measured on the same machine.</remarks>
public static class BenchVae
{
    public const int DefaultEpochs = 1;
    public const int DefaultSeed = 1;

    /// <summary>
    /// Trains the VAE <paramref name="modelOptions"/> describe on its training data, with the training settings given
    /// (unset: <see cref="DefaultEpochs"/>, <see cref="DefaultSeed"/> and the library's defaults).
    /// </summary>
    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions)
    {
        if (modelOptions.DataFile is null) throw new UsageException("bench vae needs --data: a binarized-MNIST folder (DIR/train.bin) or a .bin file");
        modelOptions.Validate();
        var train = VaeData.LoadTraining(modelOptions);
        var model = modelOptions.ToModel(train.Columns);
        var backend = (backendOptions with { Epochs = backendOptions.Epochs ?? DefaultEpochs, Seed = backendOptions.Seed ?? DefaultSeed })
            .CreateReparameterized(ModelKind.Vae, train.Rows);
        var compiled = model.Compile(backend);
        var options = backend.Options;
        double flops = compiled.Architecture.TrainingFlopsPerSample();
        double? onesShare = compiled.Architecture.Noise == ObservationNoise.Bernoulli ? OnesShare(train) : null;

        VaeTraining training;
        using (var status = TerminalStatus.For(context.Error))
        {
            void Show(int epoch) => status?.Show(t => $"bench vae: epoch {epoch}/{options.Epochs}, {Format.Duration(t)} (Ctrl+C stops)");
            Show(1);
            training = compiled.Train(train, progress: new SynchronousProgress<EpochReport>(r =>
            {
                if (r.Epoch < r.Epochs) Show(r.Epoch + 1);
            }), cancellation: context.Cancellation);
            status?.Show(t => $"bench vae: the final training ELBO on {Format.Count(train.Rows, "row")}, {Format.Duration(t)}");
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            double? finalElbo = null;
            if (training.Epochs.Count > 0 && !training.Cancelled)
            {
                try { finalElbo = training.Model.Evaluate(train).Run(VaeQuantities.Elbo, options.Evaluation, context.Cancellation).RequireElbo().Value / train.Rows; }
                catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested) { }
            }
            status?.Clear();
            Print(context, training, model.Name, compiled.Architecture, options, train.Rows, flops, onesShare, peak, finalElbo);
        }
        if (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(training.Cancelled
                ? "error: cancelled; the figures above cover the epochs that finished"
                : "error: cancelled during the final training ELBO; the figures above cover every epoch");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    static void Print(CliContext context, VaeTraining training, string name, VaeArchitecture architecture, ReparameterizedOptions options,
        int rows, double flops, double? onesShare, long peakBytes, double? finalElbo)
    {
        var output = context.Output;
        output.WriteLine($"vae on {name}: {architecture}; {Format.Count(rows, "point")}, minibatches of {options.BatchSize}, {options.Optimizer.ToString().ToLowerInvariant()} at " +
                         $"learning rate {Format.Number(options.LearningRate)}, seed {options.Seed}, {Environment.ProcessorCount} cores");
        output.WriteLine($"{Format.Count(flops)} FLOPs per point in one training step's matrix products (forward, and backward twice that less the first layer's input gradient)");
        if (onesShare is { } share && share <= ReparameterizedBackend.MaxBinaryDensity)
            output.WriteLine($"0/1 data, {Format.Percent(share)} ones: the first layer's forward and weight-gradient products add the rows the ones select " +
                             "instead of multiplying by the zeros, so GFLOP/s counts more operations than are done (the dense-equivalent rate)");
        var table = new Table();
        foreach (var header in new[] { "epoch", "time (s)", "samples / s", "GFLOP/s", "train ELBO / point" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var epoch in training.Epochs)
            table.AddRow(Row(epoch.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), epoch.TrainingTime,
                epoch.SamplesPerSecond, flops, epoch.TrainObjective));
        if (training.Epochs.Count > 1)
        {
            table.AddRow(Row("all", training.TrainingTime, training.SamplesPerSecond, flops, null));
        }
        if (training.Epochs.Count > 0) context.Console.Write(table);
        var perEpoch = training.Epochs.Count == 0 ? "none finished" : $"{Format.Seconds(training.TrainingTime / training.Epochs.Count)} s per epoch";
        Format.WriteRows(output,
        [
            ("time", $"{perEpoch} ({Format.Seconds(training.TrainingTime)} s training, {Format.Seconds(training.WallTime)} s in all)"),
            ("peak memory", $"{Format.Count(peakBytes / (1024.0 * 1024.0))} MB (the process's peak working set)"),
            ("final train ELBO", finalElbo is { } elbo ? $"{Format.PerPoint(elbo)} per point (all {Format.Count(rows, "row")}, one draw of z per point)" : "not computed (cancelled)"),
        ]);
    }

    /// <summary>The share of the training values that are ones (the data is 0/1 under a Bernoulli likelihood).</summary>
    static double OnesShare(Data.FloatMatrix train) =>
        train.Values.Length == 0 ? 0 : (double)System.Numerics.Tensors.TensorPrimitives.Sum(train.Values) / train.Values.Length;

    static Text[] Row(string label, TimeSpan time, double samplesPerSecond, double flops, double? objective) =>
    [
        new(label),
        new(Format.Seconds(time)),
        new(Format.Count(samplesPerSecond)),
        new(Format.GigaflopsPerSecond(samplesPerSecond * flops)),
        new(objective is { } o ? Format.PerPoint(o) : ""),
    ];
}
