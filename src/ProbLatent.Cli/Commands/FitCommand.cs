using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Backends;
using System.Globalization;

namespace ProbLatent.Cli.Commands;

/// <summary><c>problatent fit</c>: fits one model with one backend and prints the fit and the parameters.</summary>
public static class FitCommand
{
    public static Command Create(CliContext context)
    {
        var options = new CommonOptions();
        var backend = CommonOptions.OneOf(new Option<string>("--backend", "-b")
        {
            Description = "The inference backend",
            DefaultValueFactory = _ => BackendOptions.DefaultBackend,
        }, "backend", BackendOptions.Names);

        var command = new Command("fit", "Fit one model with one backend; print the log-likelihood, the ELBO and its terms, and the fitted parameters");
        options.AddModelOptions(command);
        command.Options.Add(backend);
        options.AddBackendOptions(command, includeEmSettings: true);
        command.SetAction(parse => Run(
            context,
            options.ReadModelOptions(parse),
            options.ReadBackendOptions(parse),
            parse.GetRequiredValue(backend)));
        return command;
    }

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, string backendName)
    {
        modelOptions.Validate();
        var backend = backendOptions.Create(backendName);
        var data = modelOptions.LoadData();
        var model = modelOptions.ToModel(data.Columns);
        var compiled = model.Compile(backend);
        FitResult fit;
        using (var progress = TerminalProgress.For(context.Error, backend.Name))
            fit = compiled.Fit(data, progress, context.Cancellation);
        Print(context.Output, fit);
        if (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("error: cancelled; the fit above stopped early");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    /// <summary>Plain lines, not a Spectre grid: no padding at line ends, nothing wrapped, easy to grep.</summary>
    static void Print(TextWriter output, FitResult fit)
    {
        var inv = CultureInfo.InvariantCulture;
        (string Name, string Value)[] rows =
        [
            ("model", fit.Model.ToString()),
            ("backend", fit.Backend),
            ("data points", fit.DataCount.ToString(inv)),
            ("log p(x)", $"{Format.Total(fit.LogLikelihood)} total, {Format.PerPoint(fit.LogLikelihoodPerPoint)} per point"),
            ("ELBO", $"{Format.Total(fit.Elbo.Value)} total, {Format.PerPoint(fit.Elbo.Value / fit.DataCount)} per point"),
            ("  E[log p(x|z)]", Format.Total(fit.Elbo.ExpectedLogLikelihood)),
            ("  E[log p(z)]", Format.Total(fit.Elbo.ExpectedLogPrior)),
            ("  H[q]", Format.Total(fit.Elbo.Entropy)),
            ("gap log p − ELBO", Format.Gap(fit.Gap)),
            ("iterations", fit.Iterations.ToString(inv)),
            ("converged", Format.YesNo(fit.Converged)),
            ("time (ms)", Format.Milliseconds(fit.WallTime)),
        ];
        int width = rows.Max(r => r.Name.Length) + 2;
        foreach (var (name, value) in rows) output.WriteLine(name.PadRight(width) + value);
        output.WriteLine();
        if (fit.ParameterPosterior is { } posterior)
        {
            foreach (var line in ParameterFormatter.Format(posterior)) output.WriteLine(line);
            output.WriteLine();
            output.WriteLine("at the posterior means:");
        }
        foreach (var line in ParameterFormatter.Format(fit.Parameters)) output.WriteLine(line);
    }
}
