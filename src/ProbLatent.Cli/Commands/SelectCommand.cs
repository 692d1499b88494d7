using System.CommandLine;
using System.Globalization;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Cli.Reports;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Selection;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent select</c>: fits a model at each size of a range — a mixture's components, PPCA's or factor analysis's
/// latent dimension, a hidden Markov model's states — with one backend and its restarts, and prints a table of the
/// log-likelihood, the free parameters, BIC, AIC and ICL (mixtures and hmm), and the ELBO for VMP, the best of each marked; with <c>--report DIR</c> the table, a plot
/// of the criteria against the size and the best model's plot. The work is the library's <see cref="ModelSelection"/>.
/// </summary>
public static class SelectCommand
{
    /// <summary>The sizes fitted when no range is given: mclust's default G = 1:9.</summary>
    public const int DefaultLargest = 9;

    public const string CriteriaFile = "criteria.svg", TableFile = "table.md";

    /// <summary>What <c>select</c> is asked for besides the data, the model and the backend settings.</summary>
    /// <param name="Components"><c>--components FROM..TO</c>, for mixtures.</param>
    /// <param name="LatentDimensions"><c>--latent-dim FROM..TO</c>, for PPCA and factor analysis.</param>
    /// <param name="Backend"><c>--backend</c>; null for em.</param>
    /// <param name="ReportFolder"><c>--report DIR</c>, or null.</param>
    /// <param name="States"><c>--states FROM..TO</c>, for hmm.</param>
    public sealed record Settings(int[]? Components = null, int[]? LatentDimensions = null, string? Backend = null, string? ReportFolder = null, int[]? States = null);

    /// <summary>The backends <c>select</c> runs: those that fit by maximum likelihood or its Bayesian version, with an exact log-likelihood.</summary>
    public static IReadOnlyList<string> Backends { get; } = ["em", "vmp", "exact"];

    public static Command Create(CliContext context)
    {
        var options = new CommonOptions();
        var components = SizeRange.Option("--components", "-k",
            $"Mixtures: the numbers of components to fit, FROM..TO or one number (default 1..{DefaultLargest}, as mclust)", "component");
        var latentDims = SizeRange.Option("--latent-dim", "-q",
            $"ppca and fa: the latent dimensions to fit, FROM..TO or one number (default 1 to the data dimension − 1, at most {DefaultLargest})", "latent dimension");
        var states = SizeRange.Option("--states", null,
            $"hmm: the numbers of states of the hidden chain to fit, FROM..TO or one number (default 1..{DefaultLargest})", "state");
        var backend = CommonOptions.OneOf(new Option<string>("--backend", "-b")
        {
            Description = $"The backend every size is fitted with (default {BackendOptions.DefaultBackend}; exact fits ppca in closed form; vmp adds its ELBO)",
        }, "backend for select", Backends);
        var report = new Option<string>("--report")
        {
            Description = $"Write a report into this folder (created if needed): {ReportFolder.PageFile}, {TableFile}, {CriteriaFile} (the criteria against the size) " +
                          "and the plot of the best model by BIC (SVG)",
            HelpName = "DIR",
        };
        var command = new Command("select", "Choose a model's size: fit each number of components (or latent dimension) and compare BIC, AIC and ICL");
        CommonOptions.Add(command, [options.Data, options.Example, options.Model, options.Covariance, options.SequenceColumn, components, latentDims, states, backend], options.BackendGroup, [report]);
        command.SetAction(parse => Run(context, options.ReadModelOptions(parse), options.ReadBackendOptions(parse),
            new Settings(CommonOptions.Given(parse, components), CommonOptions.Given(parse, latentDims), parse.GetValue(backend), parse.GetValue(report), CommonOptions.Given(parse, states))));
        return command;
    }

    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var kind = modelOptions.Kind;
        if (kind.IsNetwork())
            throw new UsageException($"select compares models by their exact log-likelihood, which {(kind == ModelKind.Autoencoder ? "an autoencoder" : "a vae")} has not: " +
                                     $"train one with 'problatent fit --model {kind.Name()}'");
        bool chain = kind == ModelKind.Hmm;
        if (!kind.IsMixture() && !kind.HasLatentVector() && !chain)
            throw new UsageException($"select chooses a mixture's components, the latent dimension of ppca or fa or an hmm's states, not the layers of {kind.Name()}: compare sizes with 'problatent fit'");
        // The first size stands for all: the model options' checks (--components for a mixture, --latent-dim for ppca, --states for hmm) apply.
        (modelOptions with { Components = settings.Components?[0], LatentDimension = settings.LatentDimensions?[0], States = settings.States?[0] }).Validate();
        var name = settings.Backend ?? BackendOptions.DefaultBackend;
        backendOptions.CheckApplyTo(name);
        var folder = settings.ReportFolder is { } path ? ReportFolder.Prepare(path, modelOptions.InputFiles) : null;

        // A hidden Markov model reads sequences; its steps are the data the table and the report describe.
        var sequences = chain ? modelOptions.LoadSequences() : null;
        var data = sequences?.Steps ?? modelOptions.LoadData();
        modelOptions = modelOptions.WithSymbolsOf(data);
        bool counted = kind.IsMixture() || chain;
        var sizes = (chain ? settings.States : kind.IsMixture() ? settings.Components : settings.LatentDimensions) ?? DefaultSizes(counted, data.Columns);
        // Every size's model is built before any fit, so a size the data cannot take is refused before the work starts.
        var models = sizes.ToDictionary(k => k, k => Sized(modelOptions, kind, k).ToModel(data.Columns));
        var label = counted ? "K" : "Q";
        var selection = new ModelSelection(k => models[k], backendOptions.Create(name, kind, data.Rows));

        SelectionResult result;
        using (var status = new SelectionStatus(context, name, label))
            result = sequences is not null
                ? selection.FitSequences(sequences, sizes, status, context.Cancellation)
                : selection.Fit(data, sizes, status, context.Cancellation);

        Print(context, models[sizes[0]], kind, sizes, label, name, data, result);
        if (context.Cancellation.IsCancellationRequested)
        {
            var during = result.Interrupted is { } k ? $"during the fit of {label} = {k}, which is left out (unfinished)" : "after the last fit";
            var notRun = result.NotRun.Count == 0 ? "" : $"; {label} = {string.Join(", ", result.NotRun)} did not run";
            context.Error.WriteLine($"error: cancelled {during}{notRun}{(folder is null ? "" : "; no report was written")}");
            return ExitCodes.Cancelled;
        }
        if (folder is not null && result.Candidates.Count > 0)
        {
            SelectionReport.Write(folder, Title(kind, sizes, label, name), data, result, label, SizeName(kind));
            context.Output.WriteLine($"report: {Path.Combine(folder.Path, ReportFolder.PageFile)} ({string.Join(", ", folder.Written)})");
        }
        if (result.Failed.Count > 0)
        {
            context.Error.WriteLine($"error: {string.Join("; ", result.Failed.Select(f => $"{label} = {f.Size} failed: {f.Reason}"))}");
            return ExitCodes.DataOrModelError;
        }
        return ExitCodes.Success;
    }

    static ModelOptions Sized(ModelOptions options, ModelKind kind, int size) =>
        kind == ModelKind.Hmm ? options with { States = size }
        : kind.IsMixture() ? options with { Components = size }
        : options with { LatentDimension = size };

    /// <summary>mclust's 1..9 for a mixture's components or an hmm's states; for a latent dimension, 1 to one below the data's, at most 9.</summary>
    static int[] DefaultSizes(bool counted, int dimension)
    {
        int largest = counted ? DefaultLargest : Math.Min(DefaultLargest, dimension - 1);
        if (largest < 1)
            throw new UsageException($"the data has {dimension} column{(dimension == 1 ? "" : "s")}, and a latent dimension must be smaller than the data's: there is no size to select");
        return Enumerable.Range(1, largest).ToArray();
    }

    static string SizeName(ModelKind kind) => kind == ModelKind.Hmm ? "states (K)" : kind.IsMixture() ? "components (K)" : "latent dimension (Q)";

    static string Title(ModelKind kind, int[] sizes, string label, string backend) =>
        $"{kind.Name()} with {label} = {Range(sizes)}, by {backend}";

    static string Range(int[] sizes) => sizes.Length == 1
        ? sizes[0].ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{sizes[0]}..{sizes[^1]}");

    static void Print(CliContext context, Model first, ModelKind kind, int[] sizes, string label, string backend, DataMatrix data, SelectionResult result)
    {
        var output = context.Output;
        output.WriteLine($"select: {Title(kind, sizes, label, backend)}; the first model: {first}");
        output.WriteLine($"data: {Format.Data(data)}");
        if (result.Candidates.Count > 0)
            context.Console.Write(TextTable.ForConsole(SelectionTable.Headers(result, label), SelectionTable.Rows(result)));
        foreach (var note in SelectionTable.Notes(result, label)) output.WriteLine(note);
    }
}
