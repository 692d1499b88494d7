using System.CommandLine;
using System.Globalization;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Backends;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent compare</c>: fits one model with every backend that can run it and prints one table row per
/// backend. Backends that refuse the model are listed under the table with their reason; a backend that
/// accepts the model but fails to fit it is listed too and makes the exit code non-zero. The reparameterized backend
/// runs PPCA and factor analysis as VAEs with a linear decoder and encoder (a few thousand minibatch steps by default,
/// <see cref="BackendOptions.DefaultLinearSteps"/>); a variational autoencoder has no other backend to compare with.
/// </summary>
public static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var options = new CommonOptions();
        var command = new Command("compare", "Fit one model with every backend that can run it and compare the fits in a table");
        CommonOptions.Add(command, options.ModelGroup, options.BackendGroup, options.TrainingGroup);
        command.SetAction(parse => Run(context, options.ReadModelOptions(parse), options.ReadBackendOptions(parse)));
        return command;
    }

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions)
    {
        modelOptions.Validate();
        backendOptions.CheckConsistent();
        var kind = modelOptions.Kind;
        if (kind == ModelKind.Vae)
            throw new UsageException($"compare fits a model with every backend that can run it, and only {BackendOptions.Reparameterized} trains a vae: use 'problatent fit --model vae'");
        var data = modelOptions.LoadData();
        var backends = backendOptions.CreateAll(kind, data.Rows);
        var model = modelOptions.ToModel(data.Columns);

        var fits = new List<FitResult>();
        var skipped = new List<(string Backend, string Reason)>();
        var failed = new List<(string Backend, string Reason)>();
        foreach (var backend in backends)
        {
            CompiledModel compiled;
            try { compiled = model.Compile(backend); }
            catch (BackendNotSupportedException e) { skipped.Add((backend.Name, WithoutPrefix(e.Message, backend.Name))); continue; }
            try
            {
                using var progress = TerminalProgress.For(context.Error, backend.Name);
                fits.Add(compiled.Fit(data, progress, context.Cancellation));
            }
            catch (ProbLatentException e) { failed.Add((backend.Name, e.Message)); }
            if (context.Cancellation.IsCancellationRequested) break;
        }

        // A model without a closed-form exact fit still has exact inference: evaluate each fit's parameters exactly,
        // which shows how far its final q was from the exact posterior.
        var rows = fits.Select(f => (Label: f.Backend, Fit: f)).ToList();
        if (skipped.RemoveAll(s => s.Backend == "exact") > 0)
            foreach (var fit in fits.ToArray())
                rows.Add(($"exact at {fit.Backend}'s θ", model.Compile(Inference.Exact(fit.Parameters)).Fit(data)));

        var output = context.Output;
        output.WriteLine($"{model}");
        output.WriteLine($"data: {data.Source}, {data.Rows} points × {data.Columns} columns ({string.Join(", ", data.ColumnNames.Take(8))}{(data.Columns > 8 ? ", ..." : "")})");
        if (rows.Count > 0) context.Console.Write(Table(rows));
        if (rows.Any(r => !r.Fit.LogLikelihoodIsExact))
            output.WriteLine("± is the Monte Carlo standard error of an importance-sampled log p(x) (IWAE-k); the others are exact");
        foreach (var (backend, reason) in skipped) output.WriteLine($"skipped {backend}: {reason}");
        foreach (var (backend, reason) in failed) output.WriteLine($"failed {backend}: {reason}");

        if (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("error: cancelled; the fits above may have stopped early, and later backends did not run");
            return ExitCodes.Cancelled;
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

    static Table Table(IReadOnlyList<(string Label, FitResult Fit)> rows)
    {
        var table = new Table();
        table.AddColumn(new TableColumn(new Text("backend")));
        foreach (var header in new[] { "log p(x)", "per point", "ELBO", "gap", "iterations", "converged", "time (ms)" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var (label, fit) in rows)
            table.AddRow(
                new Text(label),
                new Text(fit.LogLikelihoodIsExact
                    ? Format.Total(fit.LogLikelihood)
                    : $"{Format.Total(fit.LogLikelihood)} ± {Format.StandardError(fit.LogLikelihoodStandardError)}"),
                new Text(Format.PerPoint(fit.LogLikelihoodPerPoint)),
                new Text(Format.Total(fit.Elbo.Value)),
                new Text(Format.Gap(fit.Gap)),
                new Text(fit.Iterations.ToString(CultureInfo.InvariantCulture)),
                new Text(Format.YesNo(fit.Converged)),
                new Text(Format.Milliseconds(fit.WallTime)));
        return table;
    }

    /// <summary>"exact backend: reason" → "reason", since the backend is already named.</summary>
    static string WithoutPrefix(string message, string backend)
    {
        var prefix = $"{backend} backend: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
