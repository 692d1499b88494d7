using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Cli.Reports;
using ProbLatent.Backends;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using System.Globalization;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent fit</c>: fits one model with one backend and prints the fit and the parameters. A variational
/// autoencoder (<c>--model vae</c>) is trained epoch by epoch with train, validation and test sets: see <see cref="FitVae"/>.
/// </summary>
public static class FitCommand
{
    public static Command Create(CliContext context)
    {
        var options = new CommonOptions();
        var backend = CommonOptions.OneOf(new Option<string>("--backend", "-b")
        {
            Description = $"The inference backend (default {BackendOptions.DefaultBackend}; {BackendOptions.Reparameterized} for vae and {BackendOptions.Contrastive} for rbm, the only ones that train them)",
        }, "backend", BackendOptions.FitNames);
        var output = new Option<string>("--out", "-o")
        {
            Description = "Save the fitted model to this file (written whole or not at all); 'problatent sample' and 'encode' read it, as does LatentModelFile.Load",
            HelpName = "FILE.plm",
        };
        var iwaeEval = CommonOptions.Int(
            $"vae: importance samples per point for the final estimate of log p(x), IWAE-K (default {VaeEvaluationOptions.DefaultLogLikelihoodSamples}; 0 skips it)", "K", 0, "--iwae-eval");
        var report = new Option<string>("--report")
        {
            Description = $"vae, autoencoder: write plots and a report page into this folder (created if needed): {ReportFolder.PageFile}, the objective per epoch, " +
                          "for a vae generated digits, and for a 2-D latent where the encoder puts the test set and for a vae the decoder over the latent plane (SVG)",
            HelpName = "DIR",
        };
        var iwaeEvery = CommonOptions.Int(
            $"vae: estimate log p(x) on every Nth test row (default {FitVae.DefaultIwaeEvery}; rows spread over the whole file, which is sorted by digit)", "N", 1, "--iwae-every");

        var cluster = new Option<string>("--cluster")
        {
            Description = "Fit by EM over the shards of these workers ('problatent worker'), HOST:PORT,…, instead of --data (gmm, bernoulli-mixture)",
            HelpName = "HOST:PORT,…",
        };
        var command = new Command("fit", "Fit one model with one backend; print the log-likelihood, the ELBO and its terms, and the fitted parameters");
        var besideOption = new Option<string>("--beside")
        {
            Description = "vae, autoencoder with --report and a 2-D latent: also draw where this saved model (a vae or autoencoder fitted to the same data) " +
                          $"puts the same rows, beside this fit's latent scatter ({VaeReport.BesideFile})",
            HelpName = "FILE.plm",
        };
        CommonOptions.Add(command, options.ModelGroup, options.VaeGroup, [backend], options.BackendGroup, options.TrainingGroup, options.ContrastiveGroup, [iwaeEval, iwaeEvery, output, report, besideOption, cluster]);
        command.SetAction(parse => parse.GetValue(cluster) is { } workers
            ? FitCluster.Run(context, options.ReadModelOptions(parse), options.ReadBackendOptions(parse), parse.GetValue(backend), workers, parse.GetValue(output))
            : Run(
            context,
            options.ReadModelOptions(parse),
            options.ReadBackendOptions(parse),
            parse.GetValue(backend),
            parse.GetValue(output),
            parse.GetValue(iwaeEval),
            parse.GetValue(iwaeEvery),
            parse.GetValue(report),
            parse.GetValue(besideOption)));
        return command;
    }

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, string? backendName,
        string? outFile = null, int? iwaeSamples = null, int? iwaeEvery = null, string? reportFolder = null, string? beside = null)
    {
        modelOptions.Validate();
        var kind = modelOptions.Kind;
        var name = backendName ?? (kind == ModelKind.Sbn && modelOptions.Hidden is not null ? BackendOptions.ScoreFunction : BackendOptions.DefaultFor(kind));
        if (name == BackendOptions.ScoreFunction && kind != ModelKind.Sbn)
            throw new UsageException($"--backend {BackendOptions.ScoreFunction} trains --model sbn (with --hidden N), not {kind.Name()}");
        if (kind.IsNetwork() && name != BackendOptions.Reparameterized)
            throw new UsageException($"--model {kind.Name()} is trained by --backend {BackendOptions.Reparameterized}; {name} cannot run a neural decoder");
        if (kind.IsContrastive() && name != BackendOptions.Contrastive)
            throw new UsageException($"--model {kind.Name()} is trained by --backend {BackendOptions.Contrastive}; {name} fits directed models, and {(kind == ModelKind.Rbm ? "an rbm" : "a dbn")} is undirected");
        if (name == BackendOptions.Contrastive && !kind.IsContrastive())
            throw new UsageException($"--backend {BackendOptions.Contrastive} trains --model rbm or dbn, not {kind.Name()}, a directed model");
        if (modelOptions.EncoderHidden is not null && kind is ModelKind.Mfa or ModelKind.Mppca && name != BackendOptions.Reparameterized)
            throw new UsageException($"--encoder-hidden sizes the guide --backend {BackendOptions.Reparameterized} trains for {kind.Name()}; {name} computes q(c, h | x) exactly and has none");
        backendOptions.CheckApplyTo(name);
        if (kind == ModelKind.Autoencoder)
            UsageException.ThrowIfGiven($"applies to vae only: an autoencoder has no log-likelihood to estimate ({Autoencoder.NotGenerative})",
                ("--iwae-eval", iwaeSamples is not null), ("--iwae-every", iwaeEvery is not null));
        else if (kind.IsContrastive())
            UsageException.ThrowIfGiven($"applies to vae only; an rbm's log-likelihood beyond {RestrictedBoltzmannMachine.MaxExactUnits} units in its smaller layer, or a dbn's top log Z in its bound, is estimated by --ais T",
                ("--iwae-eval", iwaeSamples is not null), ("--iwae-every", iwaeEvery is not null));
        else if (kind == ModelKind.Sbn)
            UsageException.ThrowIfGiven($"applies to vae only; a belief net too large to enumerate is estimated by IWAE-{BeliefNetImportance.DefaultSamples} at the end of its fit, " +
                "and 'problatent score --iwae-eval K' estimates it with other samples",
                ("--iwae-eval", iwaeSamples is not null), ("--iwae-every", iwaeEvery is not null));
        else if (kind is not (ModelKind.Vae or ModelKind.Gmvae))
            UsageException.ThrowIfGiven($"applies to vae only, whose log-likelihood is estimated; {kind.Name()}'s is exact",
                ("--iwae-eval", iwaeSamples is not null), ("--iwae-every", iwaeEvery is not null));
        if (reportFolder is not null && !kind.IsNetwork())
            throw new UsageException($"fit --report applies to vae and autoencoder; for {kind.Name()} use 'problatent compare --report {reportFolder} --backends {name}', which writes the same plots");
        if (beside is not null && reportFolder is null)
            throw new UsageException("--beside draws a saved model's latent scatter beside this one's in the report: give --report DIR too");

        if (kind.IsNetwork())
        {
            return FitVae.Run(context, modelOptions, backendOptions,
                new FitVae.Settings(outFile, kind == ModelKind.Autoencoder ? 0 : iwaeSamples ?? VaeEvaluationOptions.DefaultLogLikelihoodSamples,
                    iwaeEvery ?? FitVae.DefaultIwaeEvery, reportFolder, beside));
        }

        if (outFile is not null) OutputFile.Check(outFile, modelOptions.InputFiles);
        // EM and VMP fit a mixture over Parquet files, several files or a folder a block at a time; everything else is read into memory.
        var source = modelOptions.StreamedData(name);
        // A hidden Markov model reads sequences; its steps are the data the rest of the command sees.
        var sequences = kind == ModelKind.Hmm ? modelOptions.LoadSequences() : null;
        var data = sequences?.Steps ?? (source is null ? modelOptions.LoadData() : null);
        if (data is not null)
        {
            modelOptions.CheckValues(data);
            modelOptions = modelOptions.WithSymbolsOf(data);
        }
        var backend = backendOptions.Create(name, kind, data?.Rows ?? 0);
        var model = modelOptions.ToModel(data?.Columns ?? source!.Columns);
        var compiled = model.Compile(backend);
        FitResult fit;
        try
        {
            using var progress = TerminalProgress.For(context.Error, backend.Name);
            var iterations = context.Phases.Iterations(progress);
            fit = sequences is not null ? compiled.FitSequences(sequences, iterations, context.Cancellation)
                : data is not null
                ? compiled.Fit(data, iterations, context.Cancellation)
                : ModelOptions.WithHint(() => compiled.FitSource(source!, iterations, context.Cancellation));
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return CancelledBeforeAnyIteration(context, name, outFile);
        }
        bool stoppedEarly = context.Cancellation.IsCancellationRequested;
        if (stoppedEarly && fit.Iterations == 0 && !fit.Converged) return CancelledBeforeAnyIteration(context, name, outFile);
        Print(context.Output, fit);
        // The restarts the fit dropped go to the error stream, beside the summary it kept, so the summary's lines stay what a script reads.
        foreach (var note in fit.DroppedRestarts) context.Error.WriteLine($"note: {note}");
        bool replaced = false;
        if (outFile is not null)
        {
            // The parameters printed above (for VMP the posterior means; for a linear model trained by the reparameterized
            // backend the decoder's PPCA or factor analysis, whose posterior is exact: the encoder is not kept), and the
            // data's column names, which sample writes and encode checks.
            replaced = context.Saves.Write(outFile, () => fit.Save(outFile));
            context.Output.WriteLine();
            context.Output.WriteLine($"saved the fitted {fit.Parameters.Family}{(fit.ParameterPosterior is null ? "" : " (the posterior means)")} to {outFile}");
        }
        if (context.Cancellation.IsCancellationRequested)
        {
            // Ctrl+C keeps a model, never cut-short rows: the best fit so far is a whole model, saved like a finished one.
            var what = stoppedEarly
                ? $"the fit above stopped early, after {fit.Iterations} {Iterations(fit)}{(fit.Converged ? "" : ", not converged")}"
                : "the fit above had finished";
            var saved = outFile is null ? "" : $", and was saved to {outFile}{(replaced ? ", replacing the earlier file" : "")}";
            context.Error.WriteLine($"error: cancelled; {what}{saved}");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    static string Iterations(FitResult fit) =>
        (fit.Unit == ProgressUnit.Epoch ? "epoch" : "iteration") + (fit.Iterations == 1 ? "" : "s");

    /// <summary>Ctrl+C before the first iteration (or epoch) ended: there is no fit to show or keep.</summary>
    static int CancelledBeforeAnyIteration(CliContext context, string backend, string? outFile)
    {
        var unit = backend is BackendOptions.Reparameterized or BackendOptions.Contrastive or BackendOptions.ScoreFunction ? "epoch" : "iteration";
        context.Error.WriteLine($"error: cancelled before the first {unit} finished{(outFile is null ? "" : $"; nothing was saved ({outFile} was not written)")}");
        return ExitCodes.Cancelled;
    }

    /// <summary>Plain lines, not a Spectre grid: no padding at line ends, nothing wrapped, easy to grep.</summary>
    internal static void Print(TextWriter output, FitResult fit)
    {
        var inv = CultureInfo.InvariantCulture;
        (string Name, string Value)[] rows =
        [
            ("model", fit.Model.ToString()),
            ("backend", fit.Backend),
            ("data points", fit.DataCount.ToString(inv)),
            ("log p(x)", LogLikelihood(fit)),
            .. fit.HasElbo
                ? [
                    (fit.Parameters is DeepBeliefNet ? "bound on log p(x)" : "ELBO", fit.ElboStandardError > 0
                        ? $"{Format.Total(fit.Elbo.Value)} total, {Format.PerPoint(fit.Elbo.Value / fit.DataCount)} per point (Monte Carlo over {fit.ElboSamples} draws of q: " +
                          $"s.e. {Format.StandardError(fit.ElboStandardError)} total, {Format.StandardError(fit.ElboStandardError / fit.DataCount)} per point)"
                        : $"{Format.Total(fit.Elbo.Value)} total, {Format.PerPoint(fit.Elbo.Value / fit.DataCount)} per point"),
                    ("  E[log p(x|z)]", Format.Total(fit.Elbo.ExpectedLogLikelihood)),
                    ("  E[log p(z)]", Format.Total(fit.Elbo.ExpectedLogPrior)),
                    ("  H[q]", Format.Total(fit.Elbo.Entropy)),
                    .. fit.HasLogLikelihood ? [("gap log p − ELBO", Format.Gap(fit.Gap))] : Array.Empty<(string, string)>(),
                ]
                : Array.Empty<(string, string)>(),
            .. fit.Backend == BackendOptions.Contrastive ? [("pseudo-log-likelihood", $"{Format.PerPoint(fit.Trace[^1])} per point (monitored rows)")] : Array.Empty<(string, string)>(),
            .. Format.EmptyComponents(fit) is { } empty ? [("empty components", empty)] : Array.Empty<(string, string)>(),
            (fit.Backend == BackendOptions.Contrastive ? "epochs" : "iterations", fit.Iterations.ToString(inv)),
            ("converged", Format.YesNo(fit.Converged)),
            ("time (ms)", Format.Milliseconds(fit.WallTime)),
        ];
        Format.WriteRows(output, rows);
        output.WriteLine();
        if (fit.ParameterPosterior is { } posterior)
        {
            foreach (var line in ParameterFormatter.Format(posterior)) output.WriteLine(line);
            output.WriteLine();
            output.WriteLine("at the posterior means:");
        }
        foreach (var line in ParameterFormatter.Format(fit.Parameters)) output.WriteLine(line);
    }

    /// <summary>The log-likelihood, and when it is importance-sampled its Monte Carlo standard error and the samples behind it.</summary>
    static string LogLikelihood(FitResult fit)
    {
        if (fit.Parameters is DeepBeliefNet)
            return "not computed: a deep belief net's log p(x) sums every layer's states; its variational lower bound is below" +
                   (fit.HasElbo ? "" : $", once the top machine's log Z is known: estimate it with --ais T (AIS, {new AisOptions().Chains} chains × T temperatures)");
        if (!fit.HasLogLikelihood)
            return $"not computed: log Z of an rbm whose smaller layer is beyond {RestrictedBoltzmannMachine.MaxExactUnits} units cannot be enumerated; " +
                   $"estimate it with --ais T (AIS, {new AisOptions().Chains} chains × T temperatures)";
        if (fit.Backend == BackendOptions.Contrastive && !fit.LogLikelihoodIsExact)
            return $"{Format.Total(fit.LogLikelihood)} total, {Format.PerPoint(fit.LogLikelihoodPerPoint)} per point (log Z by AIS over {fit.LogLikelihoodSamples} chains: " +
                   $"s.e. {Format.StandardError(fit.LogLikelihoodStandardError)} total, {Format.StandardError(fit.LogLikelihoodStandardError / fit.DataCount)} per point)";
        var text = $"{Format.Total(fit.LogLikelihood)} total, {Format.PerPoint(fit.LogLikelihoodPerPoint)} per point";
        if (fit.Backend == BackendOptions.ScoreFunction && !fit.LogLikelihoodIsExact)
            return $"{text} (IWAE-{fit.LogLikelihoodSamples} with the encoder as proposal, on evenly spread training rows and scaled to all: " +
                   $"± {Format.StandardError(fit.LogLikelihoodStandardError / fit.DataCount)} per point, the standard error over the points)";
        return fit.LogLikelihoodIsExact
            ? text
            : $"{text} (importance-sampled, IWAE-{fit.LogLikelihoodSamples}: Monte Carlo s.e. {Format.StandardError(fit.LogLikelihoodStandardError)} total, " +
              $"{Format.StandardError(fit.LogLikelihoodStandardError / fit.DataCount)} per point)";
    }
}
