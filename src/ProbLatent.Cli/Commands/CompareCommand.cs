using System.CommandLine;
using ProbLatent.Backends;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Cli.Reports;
using ProbLatent.Data;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent compare</c>: fits one model with every backend that can run it (or those <c>--backends</c> names) and
/// prints one table row per backend — or with <c>--json</c> the same results as JSON — and with <c>--report DIR</c> writes
/// the table, the JSON, the objective traces and the fitted model's plots into a folder (<see cref="CompareReport"/>).
/// Backends that refuse the model are listed under the table with their reason; a backend that accepts the model but
/// fails to fit it is listed too and makes the exit code non-zero. The reparameterized backend runs PPCA and factor
/// analysis as VAEs with a linear decoder and encoder (a few thousand minibatch steps by default,
/// <see cref="BackendOptions.DefaultMinimumSteps"/>); a variational autoencoder has no other backend to compare with. Beside a
/// one-layer sbn the contrastive backend trains the rbm of the same units, and the score-function backend the net itself.
/// </summary>
public static class CompareCommand
{
    /// <summary>What <c>compare</c> adds to the shared options: which backends, and where the results go.</summary>
    /// <param name="Backends"><c>--backends</c>: the backends to run, in <see cref="BackendOptions.Names"/>' order; null for all.</param>
    /// <param name="Json"><c>--json</c>: print the results as JSON instead of the table.</param>
    /// <param name="ReportFolder"><c>--report</c>: the folder to write the report into, or null.</param>
    public sealed record Settings(IReadOnlyList<string>? Backends = null, bool Json = false, string? ReportFolder = null);

    public static Command Create(CliContext context)
    {
        var options = new CommonOptions();
        var backends = new Option<string>("--backends")
        {
            Description = $"The backends to run, comma-separated (default: all of {string.Join(", ", BackendOptions.Names)}, and {BackendOptions.Contrastive} for rbm and dbn; those that cannot run the model are listed as skipped)",
            HelpName = "B,B,…",
        };
        backends.Validators.Add(r =>
        {
            try { ParseBackends(r.GetValueOrDefault<string>()); }
            catch (UsageException e) { r.AddError(e.Message); }
        });
        var json = new Option<bool>("--json") { Description = "Print the results as JSON on standard output instead of the table (every number at full precision, and each fit's trace)" };
        var report = new Option<string>("--report")
        {
            Description = $"Write a report into this folder (created if needed): {ReportFolder.PageFile}, {CompareReport.TableFile}, {CompareReport.ResultsFile}, " +
                          $"{ReportFolder.TraceFile} and the fitted models' plots (SVG)",
            HelpName = "DIR",
        };
        var command = new Command("compare", "Fit one model with every backend that can run it and compare the fits in a table");
        CommonOptions.Add(command, options.ModelGroup, [options.Hidden, options.EncoderHidden], options.BackendGroup, options.TrainingGroup, options.ContrastiveGroup, [backends, json, report]);
        command.SetAction(parse => Run(context, options.ReadModelOptions(parse), options.ReadBackendOptions(parse),
            new Settings(parse.GetValue(backends) is { } names ? ParseBackends(names) : null, parse.GetValue(json), parse.GetValue(report))));
        return command;
    }

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, Settings? settings = null)
    {
        settings ??= new Settings();
        modelOptions.Validate();
        backendOptions.CheckConsistent();
        var kind = modelOptions.Kind;
        // The contrastive backend trains only the undirected models, so it runs (and is listed) for them alone, and beside
        // an sbn, where it trains the rbm of the same units; the score-function backend trains only belief nets.
        var names = settings.Backends ?? kind switch
        {
            _ when kind.IsContrastive() => [.. BackendOptions.Names, BackendOptions.Contrastive],
            ModelKind.Sbn => [.. BackendOptions.Names, BackendOptions.Contrastive, BackendOptions.ScoreFunction],
            _ => BackendOptions.Names,
        };
        backendOptions.CheckApplyToAny(names);
        if (kind.IsNetwork())
            throw new UsageException($"compare fits a model with every backend that can run it, and only {BackendOptions.Reparameterized} trains {(kind == ModelKind.Autoencoder ? "an" : "a")} {kind.Name()}: use 'problatent fit --model {kind.Name()}'");
        if (kind == ModelKind.Dbn)
            throw new UsageException("compare sets the backends' log p(x) side by side, and a dbn has none, only a lower bound on it: use 'problatent fit --model dbn'");
        var folder = settings.ReportFolder is { } path ? ReportFolder.Prepare(path, modelOptions.InputFiles) : null;
        // A hidden Markov model is fitted to its sequences; the table's data are their steps.
        var sequences = kind == ModelKind.Hmm ? modelOptions.LoadSequences() : null;
        var data = sequences?.Steps ?? modelOptions.LoadData();
        modelOptions.CheckValues(data);
        modelOptions = modelOptions.WithSymbolsOf(data);
        var model = modelOptions.ToModel(data.Columns);

        var fits = new List<(FitResult Fit, Modeling.Model Model, string? OtherModel)>();
        var skipped = new List<(string Backend, string Reason)>();
        var failed = new List<(string Backend, string Reason)>();
        string? interrupted = null;
        bool interruptedHasRow = false;
        foreach (var name in names)
        {
            var (fitted, otherModel) = (model, (string?)null);
            if (kind == ModelKind.Sbn && name == BackendOptions.Contrastive)
            {
                if (RbmBeside(modelOptions) is not { } rbm)
                {
                    skipped.Add((name, "beside an sbn it trains the rbm of the same hidden units, which needs one layer of bits (--hidden N or --layers N)"));
                    continue;
                }
                (fitted, otherModel) = (rbm.ToModel(data.Columns), $"rbm, {rbm.Hidden![0]} hidden");
            }
            var backend = backendOptions.Create(name, otherModel is null ? kind : ModelKind.Rbm, data.Rows);
            CompiledModel compiled;
            try { compiled = fitted.Compile(backend); }
            catch (BackendNotSupportedException e) { skipped.Add((backend.Name, e.Reason)); continue; }
            if (data.HasMissing && !compiled.MarginalisesMissing)
            {
                skipped.Add((backend.Name, $"does not marginalise missing cells for model '{model.Name}' ({DataMatrix.MissingCellsMarginalisedBy})"));
                continue;
            }
            try
            {
                using var progress = TerminalProgress.For(context.Error, backend.Name);
                var iterations = context.Phases.Iterations(progress);
                var fit = sequences is null ? compiled.Fit(data, iterations, context.Cancellation) : compiled.FitSequences(sequences, iterations, context.Cancellation);
                // A fit that Ctrl+C stopped before its first iteration has nothing to compare.
                if (!(fit.Iterations == 0 && !fit.Converged)) fits.Add((fit, fitted, otherModel));
            }
            catch (ProbLatentException e) { failed.Add((backend.Name, e.Message)); }
            catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested) { }
            if (context.Cancellation.IsCancellationRequested)
            {
                interrupted = backend.Name;
                interruptedHasRow = fits.Count > 0 && fits[^1].Fit.Backend == backend.Name;
                break;
            }
        }

        // A model without a closed-form exact fit still has exact inference: evaluate each fit's parameters exactly,
        // which shows how far its final q was from the exact posterior. Without a fit exact stays listed with its reason
        // (no closed form, or missing cells it does not marginalise), as every other backend that ran nothing is.
        var rows = fits.Select(f => new CompareRow(f.Fit, OtherModel: f.OtherModel)).ToList();
        if (fits.Count > 0 && skipped.RemoveAll(s => s.Backend == "exact") > 0)
            foreach (var (fit, fitted, otherModel) in fits)
            {
                var exact = fitted.Compile(Inference.Exact(fit.Parameters));
                rows.Add(new CompareRow(sequences is null ? exact.Fit(data) : exact.FitSequences(sequences), fit.Backend, otherModel));
            }
        var results = new CompareResults(model, data, rows, skipped, failed);

        if (settings.Json) context.Output.Write(CompareJson.Serialize(results));
        else PrintTable(context, results);

        if (context.Cancellation.IsCancellationRequested)
        {
            var during = interrupted is null
                ? "after the last fit"
                : $"during {interrupted}'s fit ({(interruptedHasRow ? "its row is the best so far" : "stopped before its first iteration: no row")})";
            var notRun = interrupted is null ? [] : names.SkipWhile(n => n != interrupted).Skip(1).ToArray();
            context.Error.WriteLine($"error: cancelled {during}" +
                                    (notRun.Length == 0 ? "" : $"; {string.Join(", ", notRun)} did not run") +
                                    (folder is null ? "" : "; no report was written"));
            return ExitCodes.Cancelled;
        }
        if (folder is not null && rows.Count > 0)
        {
            CompareReport.Write(folder, results);
            if (!settings.Json) context.Output.WriteLine($"report: {Path.Combine(folder.Path, ReportFolder.PageFile)} ({string.Join(", ", folder.Written)})");
        }
        if (failed.Count > 0)
        {
            context.Error.WriteLine($"error: {string.Join("; ", failed.Select(f => $"{f.Backend} failed: {f.Reason}"))}");
            return ExitCodes.DataOrModelError;
        }
        if (fits.Count == 0)
        {
            context.Error.WriteLine($"error: no backend can run model '{model.Name}' ({string.Join("; ", skipped.Select(s => $"{s.Backend}: {s.Reason}"))})");
            return ExitCodes.DataOrModelError;
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// The restricted Boltzmann machine over the same units as an sbn of one layer — the undirected P(V, H) beside the
    /// directed one — or null for a net of several layers.
    /// </summary>
    static ModelOptions? RbmBeside(ModelOptions sbn)
    {
        var bits = sbn.Hidden ?? sbn.Layers ?? [.. ModelOptions.DefaultLayers];
        return bits.Length == 1 ? sbn with { Family = ModelKind.Rbm.Name(), Hidden = bits, Layers = null } : null;
    }

    static void PrintTable(CliContext context, CompareResults results)
    {
        var output = context.Output;
        output.WriteLine($"{results.Model}");
        output.WriteLine($"data: {results.DataDescription}");
        if (results.Rows.Count > 0) context.Console.Write(CompareTable.ForConsole(results.Rows));
        foreach (var note in CompareTable.Notes(results)) output.WriteLine(note);
    }

    /// <summary>
    /// <c>--backends em,vmp</c>: known names, each once, returned in the order <c>compare</c> runs them
    /// (<see cref="BackendOptions.Names"/>' order), whatever order they were given in.
    /// </summary>
    public static IReadOnlyList<string> ParseBackends(string? text)
    {
        var names = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new UsageException($"--backends needs at least one backend: {string.Join(", ", BackendOptions.FitNames)}");
        foreach (var name in names)
            if (!BackendOptions.FitNames.Contains(name))
                throw new UsageException($"unknown backend '{name}' for --backends; use some of: {string.Join(", ", BackendOptions.FitNames)}");
        if (names.Distinct().Count() != names.Length)
            throw new UsageException($"--backends names a backend twice: '{text}'");
        return BackendOptions.FitNames.Where(names.Contains).ToArray();
    }
}
