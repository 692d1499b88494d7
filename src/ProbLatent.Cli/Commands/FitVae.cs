using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Cli.Reports;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent fit --model vae</c>: trains a variational autoencoder with the reparameterized backend on a training set,
/// with a validation set choosing the checkpoint kept (and driving early stopping) and a test set reported each epoch;
/// prints one line per epoch as it finishes, then the ELBO on the full sets, the importance-sampled log-likelihood
/// (IWAE-K) on every Nth test row, the training time, and where the model was saved.
/// </summary>
/// <remarks>
/// A diverging run saves the last good model to <c>--out</c> (the end of the last complete epoch) before it reports the
/// error; a run stopped by Ctrl+C saves the model it kept and exits with <see cref="ExitCodes.Cancelled"/>.
/// </remarks>
public static class FitVae
{
    /// <summary>What <c>fit</c> says beyond the model and the backend: where to save, and the final log-likelihood estimate.</summary>
    /// <param name="OutFile"><c>--out</c>: where to save the trained model, or null.</param>
    /// <param name="IwaeSamples"><c>--iwae-eval</c>: importance samples per point for the final estimate of log p(x); 0 skips it.</param>
    /// <param name="IwaeEvery"><c>--iwae-every</c>: the estimate uses every Nth test row (the test file is sorted by digit: never a prefix).</param>
    /// <param name="ReportFolder"><c>--report</c>: the folder to write the plots and a report page into (<see cref="VaeReport"/>), or null.</param>
    public sealed record Settings(string? OutFile, int IwaeSamples = DefaultIwaeSamples, int IwaeEvery = DefaultIwaeEvery, string? ReportFolder = null);

    public const int DefaultIwaeSamples = 1000;
    public const int DefaultIwaeEvery = 10;

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, Settings settings)
    {
        if (settings.OutFile is { } outFile) OutputFile.CheckWritable(outFile);
        var folder = settings.ReportFolder is { } reportPath ? ReportFolder.Prepare(reportPath) : null;
        var data = VaeData.Load(modelOptions);
        if (backendOptions.Patience is not null && data.Validation is null)
            throw new UsageException($"--patience stops on the validation ELBO, which needs validation data: a data folder with {VaeData.ValidationFile}");
        if (modelOptions.VaeIsBernoulli) data.CheckBinary();
        var model = modelOptions.ToModel(data.Train.Columns);
        var backend = backendOptions.CreateReparameterized(ModelKind.Vae, data.Train.Rows);
        var compiled = (ReparameterizedCompiledModel)model.Compile(backend);
        var options = backend.Options;
        var output = context.Output;

        bool iwae = options.ImportanceSamples > 1;
        var objective = iwae ? $"IWAE-{options.ImportanceSamples}" : "ELBO";
        var objectiveText = iwae
            ? $"the importance-weighted bound IWAE-{options.ImportanceSamples}"
            : options.Samples > 1 ? $"the ELBO with {options.Samples} draws of z per point" : "the ELBO with one draw of z per point";
        var kept = data.Validation is null ? "keeps the last epoch" : "keeps the epoch with the best validation ELBO";
        var patience = options.Patience is { } p ? $", stops after {p} epochs without a better validation ELBO" : "";
        (string Name, string Value)[] settingRows =
        [
            ("model", model.ToString()),
            ("network", compiled.Architecture.ToString()),
            ("data", data.Describe()),
            ("training", $"{options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")}, minibatches of {options.BatchSize}, {options.Optimizer.ToString().ToLowerInvariant()} at learning rate " +
                         $"{Format.Number(options.LearningRate)}, {objectiveText}, seed {options.Seed}; {kept}{patience}"),
        ];
        Format.WriteRows(output, settingRows);
        output.WriteLine();

        var table = new EpochTable(objective, terms: !iwae, validation: data.Validation is not null, test: data.Test is not null);
        var epochLines = new List<string> { table.Header };
        output.WriteLine(table.Header);
        output.Flush();

        VaeTraining training;
        using (var status = TerminalStatus.For(context.Error))
        {
            void ShowRunning(int epoch, TimeSpan? previous) => status?.Show(t =>
                $"epoch {epoch}/{options.Epochs}: {Format.Duration(t)}" +
                (previous is { } last ? $", about {Format.Duration(last - t)} left in it" : "") + " (Ctrl+C stops and keeps the model so far)");

            var progress = new SynchronousProgress<EpochReport>(report =>
            {
                status?.Clear();
                // Ctrl+C while this finished epoch was being evaluated: it is the last (an interrupted epoch is not reported).
                var note = context.Cancellation.IsCancellationRequested ? "(Ctrl+C: training stops here)" : null;
                epochLines.Add(table.Row(report, note));
                output.WriteLine(epochLines[^1]);
                output.Flush();
                if (report.Epoch < report.Epochs && note is null) ShowRunning(report.Epoch + 1, report.TrainingTime);
            });
            ShowRunning(1, null);
            try
            {
                training = compiled.Train(data.Train, data.Validation, data.Test, progress, context.Cancellation);
            }
            catch (TrainingDivergedException e)
            {
                status?.Clear();
                if (settings.OutFile is { } path)
                {
                    e.LastGood.Save(path);
                    var which = e.Epoch > 1 ? $"the end of epoch {e.Epoch - 1}" : "the initial weights: no epoch finished";
                    output.WriteLine($"saved the last good model ({which}) to {path}");
                }
                throw;
            }
            status?.Clear();

            if (training.Cancelled) return Cancelled(context, training, settings);
            var summary = WriteSummary(output, training, data, settings, options.Seed, status);
            if (folder is not null)
            {
                status?.Show(t => $"writing the report: {Format.Duration(t)}");
                VaeReport.Write(folder, model.Name, training, data, objective, summary.LogLikelihood,
                    new VaeReport.Printed(settingRows, epochLines, summary.Rows, summary.Network));
                status?.Clear();
                output.WriteLine();
                output.WriteLine($"report: {Path.Combine(folder.Path, ReportFolder.PageFile)} ({string.Join(", ", folder.Written)})");
            }
        }
        return ExitCodes.Success;
    }

    static int Cancelled(CliContext context, VaeTraining training, Settings settings)
    {
        var output = context.Output;
        output.WriteLine();
        if (training.Epochs.Count == 0)
        {
            context.Error.WriteLine($"error: cancelled before the first epoch finished{(settings.OutFile is null ? "" : "; nothing was saved")}");
            return ExitCodes.Cancelled;
        }
        var rows = new List<(string, string)> { ("kept", Kept(training)), ("training time", TrainingTime(training)) };
        if (settings.OutFile is { } path)
        {
            training.Model.Save(path);
            rows.Add(("saved", path));
        }
        Format.WriteRows(output, rows);
        context.Error.WriteLine($"error: cancelled at epoch {training.Epochs[^1].Epoch} of {training.Epochs[^1].Epochs}; " +
            (settings.OutFile is null ? "the model was not saved (no --out)" : $"the kept model was saved to {settings.OutFile}") +
            (settings.ReportFolder is null ? "" : "; no report was written"));
        return ExitCodes.Cancelled;
    }

    /// <summary>What the summary printed, for the report: its rows, the log-likelihood estimate when there is one, the network's description.</summary>
    sealed record Summary(IReadOnlyList<(string Name, string Value)> Rows, (double PerPoint, string Label)? LogLikelihood, IReadOnlyList<string> Network);

    static Summary WriteSummary(TextWriter output, VaeTraining training, VaeData data, Settings settings, int seed, TerminalStatus? status)
    {
        var vae = training.Model;
        output.WriteLine();
        var rows = new List<(string, string)> { ("kept", Kept(training)), ("training time", TrainingTime(training)) };

        // The training set's bound with the kept model (one draw of z per point, seeded); the validation and test bounds
        // were computed for the kept epoch already, and are the ones its table row shows.
        status?.Show(t => $"computing the train ELBO on {Format.Count(data.Train.Rows)} rows: {Format.Duration(t)}");
        var trainElbo = vae.Evaluate(data.Train).Elbo(samples: 1, seed: seed);
        status?.Clear();
        var kept = training.Kept;
        foreach (var (name, set, perPoint) in new[]
                 {
                     ("train", data.Train, trainElbo.PerPoint(data.Train.Rows)),
                     ("validation", data.Validation, kept.ValidationTerms),
                     ("test", data.Test, kept.TestTerms),
                 })
            if (set is not null && perPoint is not null)
                rows.Add(($"{name} ELBO", $"{Format.PerPointCompact(perPoint.Value)} per point (all {Format.Count(set.Rows)} rows; " +
                                          $"reconstruction {Format.PerPointCompact(perPoint.Reconstruction)}, KL {Format.PerPointCompact(perPoint.KlToPrior)})"));

        (double, string)? logLikelihood = null;
        if (settings.IwaeSamples > 0)
        {
            var (name, full) = data.Test is not null ? ("test", data.Test) : ("train", data.Train);
            var subset = settings.IwaeEvery == 1 ? full : full.EveryNthRow(settings.IwaeEvery);
            var which = settings.IwaeEvery == 1 ? $"all {Format.Count(subset.Rows)} {name} rows" : $"every {Ordinal(settings.IwaeEvery)} {name} row ({Format.Count(subset.Rows)} rows)";
            status?.Show(t => $"estimating log p(x) by IWAE-{settings.IwaeSamples} on {which}: {Format.Duration(t)}");
            var estimate = vae.Evaluate(subset).ImportanceLogLikelihood(settings.IwaeSamples, seed);
            status?.Clear();
            var acrossRows = double.IsNaN(estimate.StandardErrorAcrossPoints) ? "n/a (one row)" : Format.StandardError(estimate.StandardErrorAcrossPoints);
            rows.Add(($"{name} log p(x)", $"{Format.PerPointCompact(estimate.Mean)} per point, IWAE-{estimate.Samples} on {which}; " +
                                         $"Monte Carlo s.e. {Format.StandardError(estimate.StandardError)}, s.e. across rows {acrossRows}"));
            logLikelihood = (estimate.Mean, $"{name} log p(x), IWAE-{estimate.Samples} on {which}, kept model");
        }
        if (settings.OutFile is { } path)
        {
            vae.Save(path);
            rows.Add(("saved", path));
        }
        Format.WriteRows(output, rows);
        output.WriteLine();
        var network = ParameterFormatter.Format(vae).ToArray();
        foreach (var line in network) output.WriteLine(line);
        return new Summary(rows, logLikelihood, network);
    }

    static string Kept(VaeTraining training)
    {
        var last = training.Epochs[^1];
        var kept = training.Kept;
        var text = kept switch
        {
            { ValidationElbo: { } v } => $"epoch {kept.Epoch} of {last.Epoch}, the best validation ELBO ({Format.PerPointCompact(v)} per point)",
            _ => $"epoch {kept!.Epoch}, the last (no validation data)",
        };
        if (training.StoppedEarly) text += $"; stopped early after epoch {last.Epoch} of {last.Epochs}: the validation ELBO stopped improving";
        return text;
    }

    static string TrainingTime(VaeTraining training) =>
        $"{Format.Seconds(training.TrainingTime)} s over {training.Epochs.Count} epoch{(training.Epochs.Count == 1 ? "" : "s")} " +
        $"({Format.Count(training.SamplesPerSecond)} samples/s; " +
        $"{Format.Seconds(training.WallTime)} s with the per-epoch evaluations)";

    static string Ordinal(int n) => (n % 100) is 11 or 12 or 13 ? $"{n}th" : (n % 10) switch
    {
        1 => $"{n}st",
        2 => $"{n}nd",
        3 => $"{n}rd",
        _ => $"{n}th",
    };
}
