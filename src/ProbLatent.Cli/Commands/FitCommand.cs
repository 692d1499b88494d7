using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Inference;
using Spectre.Console;

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
        var fit = model.Compile(backend).Fit(data, progress: null, context.Cancellation);
        Print(context.Console, fit);
        return ExitCodes.Success;
    }

    static void Print(IAnsiConsole console, FitResult fit)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Row("model", fit.Model.ToString());
        Row("backend", fit.Backend);
        Row("data points", fit.DataCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("log p(x)", $"{Format.Total(fit.LogLikelihood)} total, {Format.PerPoint(fit.LogLikelihoodPerPoint)} per point");
        Row("ELBO", $"{Format.Total(fit.Elbo.Value)} total, {Format.PerPoint(fit.Elbo.Value / fit.DataCount)} per point");
        Row("  E[log p(x|z)]", Format.Total(fit.Elbo.ExpectedLogLikelihood));
        Row("  E[log p(z)]", Format.Total(fit.Elbo.ExpectedLogPrior));
        Row("  H[q]", Format.Total(fit.Elbo.Entropy));
        Row("gap log p − ELBO", Format.Gap(fit.Gap));
        Row("iterations", fit.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("converged", Format.YesNo(fit.Converged));
        Row("time (ms)", Format.Milliseconds(fit.WallTime));
        console.Write(grid);
        console.WriteLine();
        foreach (var line in ParameterFormatter.Format(fit.Parameters)) console.WriteLine(line);
    }
}
