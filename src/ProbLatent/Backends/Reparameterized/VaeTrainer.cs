using System.Diagnostics;
using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>What a training run produced: the model, one report per epoch, and why it stopped.</summary>
/// <param name="Trained">The model kept: a <see cref="VariationalAutoencoder"/>, or for a point-mass guide an <see cref="LatentModels.Autoencoder"/>.</param>
public sealed record VaeTraining(
    NetworkModel Trained,
    IReadOnlyList<EpochReport> Epochs,
    int BestEpoch,
    bool StoppedEarly,
    bool Cancelled,
    TimeSpan TrainingTime,
    TimeSpan WallTime)
{
    /// <summary>The variational autoencoder kept.</summary>
    /// <exception cref="InvalidOperationException">The guide was a point mass: the run trained a plain <see cref="Autoencoder"/>.</exception>
    public VariationalAutoencoder Model => Trained as VariationalAutoencoder
        ?? throw new InvalidOperationException("this run trained a plain autoencoder (a point-mass guide), not a variational autoencoder: read Autoencoder");

    /// <summary>The plain autoencoder kept.</summary>
    /// <exception cref="InvalidOperationException">The guide was Gaussian: the run trained a <see cref="VariationalAutoencoder"/>.</exception>
    public Autoencoder Autoencoder => Trained as Autoencoder
        ?? throw new InvalidOperationException("this run trained a variational autoencoder (a Gaussian guide), not a plain autoencoder: read Model");

    /// <summary>Training throughput over the complete epochs: points per second of <see cref="TrainingTime"/>.</summary>
    public double SamplesPerSecond { get; init; }

    /// <summary>
    /// The epoch that cancellation interrupted — in its minibatches or its validation and test evaluation — and that was
    /// dropped (the model is back at the end of the epoch before it); null when training was not cancelled, or was
    /// cancelled between two epochs.
    /// </summary>
    public int? InterruptedEpoch { get; init; }

    /// <summary>The report of the epoch whose model was kept (<see cref="BestEpoch"/>; epochs are numbered from 1).</summary>
    public EpochReport Kept => Epochs.Count > 0
        ? Epochs[BestEpoch - 1]
        : throw new InvalidOperationException("no epoch was kept: training was cancelled before the first epoch ended");
}

/// <summary>
/// Minibatch stochastic-gradient training: seeded shuffling each epoch, one optimizer step per minibatch, validation
/// after each epoch, early stopping, and the best checkpoint kept (by validation ELBO when there is validation data,
/// otherwise the last epoch; a plain autoencoder's validation reconstruction log p(x | f(x)) takes the ELBO's place).
/// </summary>
internal sealed class VaeTrainer(VaeNetwork network, ReparameterizedOptions options)
{
    public VaeTraining Train(FloatMatrix train, FloatMatrix? validation, FloatMatrix? test,
        IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        var wall = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var objective = new VaeObjective(network, options.Samples, options.ImportanceSamples);
        var evaluator = new VaeEvaluator(network);
        bool pointMass = network.Architecture.PointMassGuide;
        IOptimizer optimizer = options.Optimizer == Optimizer.Adam
            ? new Adam(network.Trainable, options.LearningRate)
            : new Sgd(network.Trainable, options.LearningRate);
        var order = Enumerable.Range(0, train.Rows).ToArray();
        int batchSize = Math.Min(options.BatchSize, train.Rows);
        var step = new MinibatchStep(objective, optimizer, batchSize, train.Columns);

        var reports = new List<EpochReport>();
        var lastGood = network.Snapshot();
        float[][]? best = null;
        double bestValidation = double.NegativeInfinity;
        int bestEpoch = 0, sinceBest = 0;
        bool cancelled = false, stoppedEarly = false;
        int? interrupted = null;
        var training = TimeSpan.Zero;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (cancellation.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var clock = Stopwatch.StartNew();
            random.Shuffle(order);
            double objectiveSum = 0, reconstructionSum = 0, klSum = 0;
            int seen = 0, batches = options.StepsPerEpoch(train.Rows);
            for (int b = 0; b < batches; b++)
            {
                if (cancellation.IsCancellationRequested) { cancelled = true; break; }
                int start = b * batchSize, rows = Math.Min(batchSize, train.Rows - start);
                var (terms, loss) = step.Run(train, order.AsMemory(start, rows), random);
                if (!float.IsFinite(loss))
                    throw Diverged(epoch, b + 1, $"the objective is {loss}; lower the learning rate (now {options.LearningRate})", lastGood);
                objectiveSum += terms.Objective;
                reconstructionSum += terms.Reconstruction;
                klSum += terms.Kl;
                seen += rows;
            }
            clock.Stop();
            if (cancelled)
            {
                // A part of an epoch is not reported as an epoch, nor timed: the model goes back to the last complete one.
                network.Restore(lastGood);
                interrupted = epoch;
                break;
            }
            training += clock.Elapsed;
            if (!IsFinite(network))
                throw Diverged(epoch, batches, "a parameter became NaN or infinite", lastGood);

            // Every epoch's evaluation draws the same noise (the user's seed): epochs are compared on common random numbers, and
            // a kept epoch's bounds are what model.Evaluate(set).Run(VaeQuantities.Elbo, options.Evaluation) gives the saved model again.
            ElboTerms? validationTerms, testTerms;
            double? validationReconstruction, testReconstruction;
            try
            {
                (validationTerms, validationReconstruction) = Evaluate(evaluator, validation, cancellation);
                (testTerms, testReconstruction) = Evaluate(evaluator, test, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // An epoch without its validation measure cannot be compared with the others to be kept: it is dropped too.
                network.Restore(lastGood);
                training -= clock.Elapsed;
                (cancelled, interrupted) = (true, epoch);
                break;
            }
            double? validationElbo = validationTerms?.Value, testElbo = testTerms?.Value;
            // Finite weights can still give a non-finite bound (a saturated decoder): that epoch is no good either.
            var measure = pointMass ? "reconstruction log-likelihood" : "ELBO";
            foreach (var (name, value) in new[] { ("validation", validationElbo ?? validationReconstruction), ("test", testElbo ?? testReconstruction) })
                if (value is { } bound && !double.IsFinite(bound))
                    throw Diverged(epoch, batches, $"the {measure} on the {name} data is {bound} after this epoch; lower the learning rate (now {options.LearningRate})", lastGood);
            var report = new EpochReport(epoch, options.Epochs, objectiveSum / seen, reconstructionSum / seen, klSum / seen,
                validationElbo, testElbo, seen / clock.Elapsed.TotalSeconds, clock.Elapsed, wall.Elapsed)
            {
                ValidationTerms = validationTerms,
                TestTerms = testTerms,
                ValidationReconstruction = validationReconstruction,
                TestReconstruction = testReconstruction,
            };
            reports.Add(report);
            progress?.Report(report);
            lastGood = network.Snapshot();

            if (report.ValidationScore is { } v)
            {
                if (v > bestValidation)
                {
                    bestValidation = v;
                    best = lastGood;
                    bestEpoch = epoch;
                    sinceBest = 0;
                }
                else if (options.Patience is { } patience && ++sinceBest >= patience)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            else bestEpoch = epoch;
        }
        if (best is not null) network.Restore(best);
        return new VaeTraining(NetworkModel.Of(network.Clone()), reports, bestEpoch, stoppedEarly, cancelled, training, wall.Elapsed)
        {
            SamplesPerSecond = reports.Count == 0 ? 0 : (double)reports.Count * train.Rows / training.TotalSeconds,
            InterruptedEpoch = interrupted,
        };
    }

    TrainingDivergedException Diverged(int epoch, int batch, string message, float[][] lastGood)
    {
        network.Restore(lastGood);
        return new TrainingDivergedException(epoch, batch, message, NetworkModel.Of(network.Clone()));
    }

    /// <summary>
    /// One epoch's measure of a held-out set, per point: the ELBO by its terms, or for a point-mass guide the
    /// reconstruction log-likelihood. Every epoch's ELBO draws the same noise (the user's seed): see the caller.
    /// <paramref name="cancellation"/> stops it between chunks of rows with <see cref="OperationCanceledException"/>.
    /// </summary>
    (ElboTerms? Terms, double? Reconstruction) Evaluate(VaeEvaluator evaluator, FloatMatrix? set, CancellationToken cancellation)
    {
        if (set is null) return (null, null);
        if (network.Architecture.PointMassGuide) return (null, evaluator.Reconstruction(set, cancellation) / set.Rows);
        return (evaluator.Evaluate(set, VaeQuantities.Elbo, options.Evaluation, cancellation).RequireElbo().PerPoint(set.Rows), null);
    }

    static bool IsFinite(VaeNetwork network)
    {
        foreach (var p in network.Parameters)
            foreach (var v in p.Value.Span)
                if (!float.IsFinite(v)) return false;
        return true;
    }
}
