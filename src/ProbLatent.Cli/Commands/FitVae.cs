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
/// (IWAE-K) on every Nth test row, the training time, and where the model was saved. <c>fit --model autoencoder</c> trains
/// the same networks with a point-mass guide on the reconstruction log-likelihood log p(x | f(x)) alone, and reports that
/// in place of the ELBO, with no log-likelihood estimate (it has none).
/// </summary>
/// <remarks>
/// A diverging run saves the last good model to <c>--out</c> (the end of the last complete epoch) before it reports the
/// error. The kept model is saved before the final evaluation; Ctrl+C during training (the interrupted epoch is dropped)
/// or during the final evaluation (which it stops) keeps and saves that model, and exits with <see cref="ExitCodes.Cancelled"/>.
/// </remarks>
public static class FitVae
{
    /// <summary>What <c>fit</c> says beyond the model and the backend: where to save, and the final log-likelihood estimate.</summary>
    /// <param name="OutFile"><c>--out</c>: where to save the trained model, or null.</param>
    /// <param name="IwaeSamples"><c>--iwae-eval</c>: importance samples per point for the final estimate of log p(x) (the backend's
    /// <see cref="ReparameterizedOptions.LogLikelihoodSamples"/>); 0 skips it.</param>
    /// <param name="IwaeEvery"><c>--iwae-every</c>: the estimate uses every Nth test row (the test file is sorted by digit: never a prefix).</param>
    /// <param name="ReportFolder"><c>--report</c>: the folder to write the plots and a report page into (<see cref="VaeReport"/>), or null.</param>
    /// <param name="Beside"><c>--beside</c>: a saved vae or autoencoder whose latent scatter the report draws beside this fit's, or null.</param>
    public sealed record Settings(string? OutFile, int IwaeSamples = VaeEvaluationOptions.DefaultLogLikelihoodSamples, int IwaeEvery = DefaultIwaeEvery,
        string? ReportFolder = null, string? Beside = null);

    public const int DefaultIwaeEvery = 10;

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, Settings settings)
    {
        // The saved model drawn beside the fit is an input too: neither --out nor --report may replace it.
        var inputs = modelOptions.InputFiles.ToList();
        if (settings.Beside is { } besideFile) inputs.Add(("--beside", besideFile));
        if (settings.OutFile is { } outFile) OutputFile.Check(outFile, inputs);
        var folder = settings.ReportFolder is { } reportPath ? ReportFolder.Prepare(reportPath, inputs) : null;
        var kind = modelOptions.Kind;
        bool plain = kind == ModelKind.Autoencoder;
        if (plain)
            UsageException.ThrowIfGiven($"applies to vae only: an autoencoder's point-mass guide draws no z",
                ("--samples", backendOptions.Samples is not null), ("--iwae", backendOptions.ImportanceSamples is not null));
        var beside = settings.Beside is { } besidePath ? VaeReport.LoadBeside(besidePath, modelOptions.LatentDimension ?? ModelOptions.DefaultVaeLatentDimension) : null;
        var data = VaeData.Load(modelOptions);
        if (backendOptions.Patience is not null && data.Validation is null)
            throw new UsageException($"--patience stops on the validation ELBO, which needs validation data: a data folder with {VaeData.ValidationFile}");
        if (modelOptions.VaeIsBernoulli) data.CheckBinary();
        var model = modelOptions.ToModel(data.Train.Columns);
        if (beside is not null && beside.DataDimension != data.Train.Columns)
            throw new UsageException($"--beside {settings.Beside} takes data of dimension {beside.DataDimension}, but {data.Train.Source} has {data.Train.Columns} columns");
        var backend = backendOptions.CreateReparameterized(kind, data.Train.Rows, settings.IwaeSamples > 0 ? settings.IwaeSamples : null);
        var compiled = model.Compile(backend);
        compiled.CheckTrainingData(data.Train, data.Validation, data.Test);
        var options = backend.Options;
        var output = context.Output;

        bool iwae = options.ImportanceSamples > 1;
        var objective = plain ? Reconstruction : iwae ? $"IWAE-{options.ImportanceSamples}" : "ELBO";
        var objectiveText = plain
            ? "the reconstruction log-likelihood log p(x | f(x)) alone (a point-mass guide: no z is drawn, no prior)"
            : iwae
                ? $"the importance-weighted bound IWAE-{options.ImportanceSamples}"
                : options.Samples > 1 ? $"the ELBO with {options.Samples} draws of z per point" : "the ELBO with one draw of z per point";
        var validationMeasure = plain ? "validation reconstruction" : "validation ELBO";
        var kept = data.Validation is null ? "keeps the last epoch" : $"keeps the epoch with the best {validationMeasure}";
        var patience = options.Patience is { } p ? $", stops after {Format.Count(p, "epoch")} without a better {validationMeasure}" : "";
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

        var table = new EpochTable(objective, terms: !iwae && !plain, validation: data.Validation is not null, test: data.Test is not null, reconstruction: plain);
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
                // Ctrl+C while this finished epoch was being reported: it is the last (an interrupted epoch is not reported).
                var note = context.Cancellation.IsCancellationRequested ? "(Ctrl+C: training stops here)" : null;
                epochLines.Add(table.Row(report, note));
                output.WriteLine(epochLines[^1]);
                output.Flush();
                if (report.Epoch < report.Epochs && note is null) ShowRunning(report.Epoch + 1, report.TrainingTime);
                context.Phases.Enter("epoch");
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
                    context.Saves.Write(path, () => e.LastGood.Save(path, data.Train.ColumnNames));
                    var which = e.Epoch > 1 ? $"the end of epoch {e.Epoch - 1}" : "the initial weights: no epoch finished";
                    output.WriteLine($"saved the last good model ({which}) to {path}");
                }
                throw;
            }
            status?.Clear();
            if (training.Epochs.Count == 0) return CancelledBeforeAnEpoch(context, training, settings);

            // The kept model is saved before anything else is computed: the final evaluation can take long, and Ctrl+C
            // during it then loses nothing.
            output.WriteLine();
            var rows = new SummaryRows(output, SummaryNames(training, data, settings));
            rows.Add("kept", Kept(training));
            rows.Add("training time", TrainingTime(training));
            bool replaced = false;
            if (settings.OutFile is { } outPath)
            {
                replaced = context.Saves.Write(outPath, () => training.Trained.Save(outPath, data.Train.ColumnNames));
                rows.Add("saved", outPath);
            }
            // "before it" says, after Ctrl+C in the final evaluation, that the model was saved before the evaluation began.
            string KeptModel(string beforeIt = "") => $"the kept model (epoch {training.Kept.Epoch}) " +
                (settings.OutFile is null ? "was not saved (no --out)" : $"was saved to {settings.OutFile}{beforeIt}{(replaced ? ", replacing the earlier file" : "")}");
            var noReport = settings.ReportFolder is null ? "" : "; no report was written";
            if (training.Cancelled)
            {
                var when = training.InterruptedEpoch is { } interrupted
                    ? $"during epoch {interrupted} of {options.Epochs}, which was dropped"
                    : $"after epoch {training.Epochs[^1].Epoch} of {options.Epochs}";
                context.Error.WriteLine($"error: cancelled {when}; {KeptModel()}{noReport}");
                return ExitCodes.Cancelled;
            }

            Summary summary;
            var evaluation = new FinalEvaluation();
            try
            {
                context.Phases.Enter("evaluation");
                summary = WriteSummary(output, rows, training, data, settings, options.Evaluation, status, evaluation, context.Cancellation);
            }
            catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
            {
                status?.Clear();
                context.Error.WriteLine($"error: cancelled during the final evaluation ({evaluation.Step}); {KeptModel(" before it")}{noReport}");
                return ExitCodes.Cancelled;
            }
            if (folder is not null)
            {
                status?.Show(t => $"writing the report: {Format.Duration(t)}");
                VaeReport.Write(folder, model.Name, training, data, objective, summary.LogLikelihood,
                    new VaeReport.Printed(settingRows, epochLines, summary.Rows, summary.Network), beside is null ? null : (settings.Beside!, beside));
                status?.Clear();
                output.WriteLine();
                output.WriteLine($"report: {Path.Combine(folder.Path, ReportFolder.PageFile)} ({string.Join(", ", folder.Written)})");
            }
        }
        return ExitCodes.Success;
    }

    static int CancelledBeforeAnEpoch(CliContext context, VaeTraining training, Settings settings)
    {
        context.Output.WriteLine();
        var when = training.InterruptedEpoch is null ? "before the first epoch began" : "during epoch 1, before any epoch finished";
        context.Error.WriteLine($"error: cancelled {when}{(settings.OutFile is null ? "" : "; nothing was saved")}");
        return ExitCodes.Cancelled;
    }

    /// <summary>The names of the summary's rows, known before the first is printed so that they line up as they come.</summary>
    static IEnumerable<string> SummaryNames(VaeTraining training, VaeData data, Settings settings)
    {
        yield return "kept";
        yield return "training time";
        if (settings.OutFile is not null) yield return "saved";
        if (training.Cancelled) yield break;
        var measure = training.Trained is Autoencoder ? Reconstruction : "ELBO";
        yield return $"train {measure}";
        if (data.Validation is not null) yield return $"validation {measure}";
        if (data.Test is not null) yield return $"test {measure}";
        if (settings.IwaeSamples > 0) yield return $"{(data.Test is not null ? "test" : "train")} log p(x)";
    }

    /// <summary>Which step of the final evaluation is running, for the message when Ctrl+C stops it.</summary>
    sealed class FinalEvaluation
    {
        public string Step { get; set; } = "";
    }

    /// <summary>What the summary printed, for the report: its rows, the log-likelihood estimate when there is one, the network's description.</summary>
    sealed record Summary(IReadOnlyList<(string Name, string Value)> Rows, (double PerPoint, string Label)? LogLikelihood, IReadOnlyList<string> Network);

    /// <summary>
    /// The final bounds with the backend's evaluation options (<paramref name="counts"/>: the ELBO's draws, --iwae-eval and the
    /// seed): the train ELBO in one pass over the training rows, the IWAE estimate in one pass over the test rows it uses.
    /// </summary>
    static Summary WriteSummary(TextWriter output, SummaryRows rows, VaeTraining training, VaeData data, Settings settings, VaeEvaluationOptions counts,
        TerminalStatus? status, FinalEvaluation evaluation, CancellationToken cancellation)
    {
        if (training.Trained is Autoencoder autoencoder)
        {
            WriteReconstructions(rows, autoencoder, training.Kept, data, status, evaluation, cancellation);
            return Finish(output, rows, training, null);
        }
        var vae = training.Model;

        // The training set's bound with the kept model, drawn as each epoch's are; the validation and test bounds were
        // computed for the kept epoch already, and are the ones its table row shows.
        evaluation.Step = $"the train ELBO on {Format.Count(data.Train.Rows, "row")}";
        status?.Show(t => $"computing {evaluation.Step}: {Format.Duration(t)}");
        var trainElbo = vae.Evaluate(data.Train).Run(VaeQuantities.Elbo, counts, cancellation).RequireElbo();
        status?.Clear();
        var kept = training.Kept;
        foreach (var (name, set, perPoint) in new[]
                 {
                     ("train", data.Train, trainElbo.PerPoint(data.Train.Rows)),
                     ("validation", data.Validation, kept.ValidationTerms),
                     ("test", data.Test, kept.TestTerms),
                 })
            if (set is not null && perPoint is not null)
                rows.Add($"{name} ELBO", $"{Format.PerPointCompact(perPoint.Value)} per point (all {Format.Count(set.Rows, "row")}; " +
                                         $"reconstruction {Format.PerPointCompact(perPoint.Reconstruction)}, KL {Format.PerPointCompact(perPoint.KlToPrior)})");

        (double, string)? logLikelihood = null;
        if (settings.IwaeSamples > 0)
        {
            var (name, full) = data.Test is not null ? ("test", data.Test) : ("train", data.Train);
            var subset = settings.IwaeEvery == 1 ? full : full.EveryNthRow(settings.IwaeEvery);
            var which = settings.IwaeEvery == 1 ? $"all {Format.Count(subset.Rows)} {name} {(subset.Rows == 1 ? "row" : "rows")}" : $"every {Ordinal(settings.IwaeEvery)} {name} row ({Format.Count(subset.Rows, "row")})";
            evaluation.Step = $"the IWAE-{counts.LogLikelihoodSamples} estimate of log p(x) on {which}";
            status?.Show(t => $"estimating log p(x) by IWAE-{counts.LogLikelihoodSamples} on {which}: {Format.Duration(t)}");
            var estimate = vae.Evaluate(subset).Run(VaeQuantities.LogLikelihood, counts, cancellation).RequireLogLikelihood();
            status?.Clear();
            var acrossRows = double.IsNaN(estimate.StandardErrorAcrossPoints) ? "n/a (one row)" : Format.StandardError(estimate.StandardErrorAcrossPoints);
            rows.Add($"{name} log p(x)", $"{Format.PerPointCompact(estimate.Mean)} per point, IWAE-{estimate.Samples} on {which}; " +
                                         $"Monte Carlo s.e. {Format.StandardError(estimate.StandardError)}, s.e. across rows {acrossRows}");
            logLikelihood = (estimate.Mean, $"{name} log p(x), IWAE-{estimate.Samples} on {which}, kept model");
        }
        return Finish(output, rows, training, logLikelihood);
    }

    /// <summary>The objective's name in an autoencoder's table and report: log p(x | ẑ) at the codes ẑ = f(x).</summary>
    const string Reconstruction = "log p(x|ẑ)";

    /// <summary>
    /// An autoencoder's summary rows: the reconstruction log-likelihood per point on the full sets with the kept model
    /// (the validation and test values are those of the kept epoch's row).
    /// </summary>
    static void WriteReconstructions(SummaryRows rows, Autoencoder autoencoder, EpochReport kept, VaeData data, TerminalStatus? status,
        FinalEvaluation evaluation, CancellationToken cancellation)
    {
        evaluation.Step = $"the train reconstruction on {Format.Count(data.Train.Rows)} rows";
        status?.Show(t => $"computing {evaluation.Step}: {Format.Duration(t)}");
        double train = autoencoder.Reconstruction(data.Train, cancellation) / data.Train.Rows;
        status?.Clear();
        foreach (var (name, set, perPoint) in new[]
                 {
                     ("train", data.Train, (double?)train),
                     ("validation", data.Validation, kept.ValidationReconstruction),
                     ("test", data.Test, kept.TestReconstruction),
                 })
            if (set is not null && perPoint is { } value)
                rows.Add($"{name} {Reconstruction}", $"{Format.PerPointCompact(value)} per point (all {Format.Count(set.Rows)} rows; the codes ẑ = f(x), no ELBO)");
    }

    /// <summary>Prints the trained networks under the summary rows and returns what the report shows.</summary>
    static Summary Finish(TextWriter output, SummaryRows rows, VaeTraining training, (double, string)? logLikelihood)
    {
        output.WriteLine();
        var network = ParameterFormatter.Format(training.Trained).ToArray();
        foreach (var line in network) output.WriteLine(line);
        return new Summary(rows.Written, logLikelihood, network);
    }

    static string Kept(VaeTraining training)
    {
        var last = training.Epochs[^1];
        var kept = training.Kept;
        var measure = training.Trained is Autoencoder ? "validation reconstruction" : "validation ELBO";
        var text = kept switch
        {
            { ValidationScore: { } v } => $"epoch {kept.Epoch} of {last.Epoch}, the best {measure} ({Format.PerPointCompact(v)} per point)",
            _ => $"epoch {kept!.Epoch}, the last (no validation data)",
        };
        if (training.StoppedEarly) text += $"; stopped early after epoch {last.Epoch} of {last.Epochs}: the {measure} stopped improving";
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
