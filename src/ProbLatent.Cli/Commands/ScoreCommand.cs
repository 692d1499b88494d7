using System.CommandLine;
using System.Globalization;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent score</c>: the log-likelihood of held-out data under a saved model, in total, per point and for its least
/// likely rows, or with <c>--per-row</c> every row's log p(xₙ) as CSV (outlier detection). Exact for every family but a
/// VAE, whose log p(x) is the importance-sampled IWAE-K estimate with its Monte Carlo standard error; for a model saved
/// from a VMP fit, it is the log-likelihood at the posterior means, not the evidence, and the output says so. The data's
/// columns are matched to the model's as <c>encode</c> matches them (<see cref="SavedModelOptions.Match"/>).
/// </summary>
public static class ScoreCommand
{
    /// <summary>How many of the least likely rows the summary names.</summary>
    public const int LowestRows = 5;

    public const string RowColumn = "row", LogLikelihoodColumn = "log_p", StandardErrorColumn = "standard_error";

    /// <summary>What <c>score</c> is asked for besides the model and the data.</summary>
    /// <param name="PerRow"><c>--per-row</c>: write every row's log p(xₙ) as CSV, to <paramref name="OutFile"/> or standard output.</param>
    /// <param name="OutFile"><c>--out</c>: where the rows go (with <paramref name="PerRow"/> only).</param>
    /// <param name="ImportanceSamples"><c>--iwae-eval</c>: a VAE's importance samples per point; null for the default.</param>
    /// <param name="Seed"><c>--seed</c>: the seed of a VAE's importance samples; null for 0.</param>
    /// <param name="Columns"><c>--columns</c>: read only these columns, in this order.</param>
    /// <param name="Drop"><c>--drop</c>: read every column but these.</param>
    /// <param name="Missing"><c>--missing</c>: score log p(x_observed) of rows with missing cells.</param>
    public sealed record Settings(bool PerRow = false, string? OutFile = null, bool MatchByPosition = false, int? ImportanceSamples = null, int? Seed = null,
        IReadOnlyList<string>? Columns = null, IReadOnlyList<string>? Drop = null, bool Missing = false);

    public static Command Create(CliContext context)
    {
        var model = SavedModelOptions.ModelOption();
        var common = new CommonOptions();
        common.Data.Description = "The data to score: a CSV file (a header of column names, then numeric rows) or binarized MNIST (.bin)";
        common.Data.HelpName = "FILE.csv|FILE.bin";
        var perRow = new Option<bool>("--per-row")
        {
            Description = $"Write each row's log p(x) as CSV ({RowColumn}, counted from 1, and {LogLikelihoodColumn}; for an estimated log p(x) also {StandardErrorColumn}) " +
                          "to standard output, or to --out with the summary on standard output",
        };
        var output = SavedModelOptions.OutOption("each row's log p(x) (with --per-row)");
        var byPosition = SavedModelOptions.MatchByPositionOption();
        var samples = CommonOptions.Int(
            $"vae, or a belief net too large to enumerate: importance samples per point for the estimate of log p(x), IWAE-K (default {VaeEvaluationOptions.DefaultLogLikelihoodSamples})", "K", 1, "--iwae-eval");
        var seed = CommonOptions.Int("vae, or a belief net too large to enumerate: the seed of the importance samples (default 0): the same seed gives the same estimate", "S", null, "--seed", "-s");
        var command = new Command("score", "Score held-out data under a saved model: the total and per-point log p(x), the least likely rows, " +
                                           "and with --per-row every row's log p(x) as CSV");
        CommonOptions.Add(command, [model], common.DataGroup, [perRow, output, byPosition, samples, seed]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(common.Data), parse.GetValue(common.Example),
            new Settings(parse.GetValue(perRow), parse.GetValue(output), parse.GetValue(byPosition), parse.GetValue(samples), parse.GetValue(seed),
                CommonOptions.Given(parse, common.Columns), CommonOptions.Given(parse, common.Drop), parse.GetValue(common.Missing))));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string? dataFile, string? example, Settings? settings = null)
    {
        settings ??= new Settings();
        ModelOptions.CheckDataSource(dataFile, example);
        ModelOptions.CheckColumnChoice(dataFile, settings.Columns, settings.Drop);
        if (settings.OutFile is not null && !settings.PerRow)
            throw new UsageException("--out writes the rows of --per-row; give --per-row too, or leave --out out to print the summary");
        var saved = SavedModelOptions.Load(modelFile, settings.OutFile, dataFile is null ? [] : [("--data", dataFile)]);
        if (saved.Model is Autoencoder)
            throw new UsageException($"{modelFile} holds a plain autoencoder, which has no log-likelihood to score: {Autoencoder.NotGenerative}");
        if (!IsEstimated(saved.Model))
            UsageException.ThrowIfGiven($"applies to a vae or a belief net too large to enumerate, whose log-likelihood is estimated; {modelFile} holds a {saved.Model.Family}, whose log-likelihood is exact",
                ("--iwae-eval", settings.ImportanceSamples is not null), ("--seed", settings.Seed is not null));
        var selection = ModelOptions.SelectionOf(settings.Columns, settings.Drop);
        // Rows of a table read in blocks are scored and written as they are read, so the data need not fit in memory.
        if (settings.PerRow && !IsEstimated(saved.Model) && TableData.Applies(dataFile) && !settings.Missing)
            return StreamedRows.Write(context, saved, ModelOptions.WithHint(() => TableData.Open(dataFile!, selection)), settings.MatchByPosition, settings.OutFile);
        var data = SavedModelOptions.Match(saved, ModelOptions.ReadData(dataFile, example, selection, ModelOptions.MissingOf(settings.Missing)), settings.MatchByPosition);

        HeldOutScore score;
        try
        {
            context.Phases.Enter("score");
            var counts = VaeEvaluationOptions.Default with
            {
                LogLikelihoodSamples = settings.ImportanceSamples ?? VaeEvaluationOptions.DefaultLogLikelihoodSamples,
                Seed = settings.Seed ?? VaeEvaluationOptions.Default.Seed,
            };
            score = HeldOutScore.Of(saved.Model, data, counts, context.Cancellation);
            context.Cancellation.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine($"error: cancelled while scoring {data.Source}" +
                                    (settings.OutFile is null ? "" : $"; {settings.OutFile} was not written (an earlier file there is as it was)"));
            return ExitCodes.Cancelled;
        }

        if (settings.PerRow && settings.OutFile is null) return WriteRows(context, [score.Rows()], null);
        PrintSummary(context.Output, saved, data, score);
        return settings.PerRow ? WriteRows(context, [score.Rows()], settings.OutFile) : ExitCodes.Success;
    }

    /// <summary>
    /// Whether the model's log p(x) is importance-sampled (a VAE's, and a belief net's too large to enumerate, by its
    /// encoder) rather than exact: only then do --iwae-eval and --seed apply, and its rows are not streamed through the exact score.
    /// </summary>
    static bool IsEstimated(ILatentModel model) => model is VariationalAutoencoder or BooleanLatentModel { IsEnumerable: false, Encoder: not null };

    internal static int WriteRows(CliContext context, IEnumerable<DataMatrix[]> blocks, string? outFile, Action? after = null)
    {
        int rows;
        IReadOnlyList<string> columns;
        try
        {
            (rows, columns) = CsvOutput.Write(outFile, context.Output, blocks, context.Saves, context.Cancellation);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(CsvOutput.Cancelled(outFile));
            return ExitCodes.Cancelled;
        }
        if (outFile is not null)
        {
            after?.Invoke();
            context.Output.WriteLine($"wrote {Format.Count(rows)} rows ({ColumnOrder.Describe(columns)}) to {outFile}");
        }
        return ExitCodes.Success;
    }

    /// <summary>The model line of the summary: its file, family and the fit it came from.</summary>
    internal static string ModelLine(SavedModel saved)
    {
        var origin = saved.Origin is { } o ? $", fitted by {o.Backend}{(o.PosteriorMeans ? " (the posterior means)" : "")}" : "";
        return $"{saved.Path} ({SavedModelOptions.Describe(saved.Model)}{origin})";
    }

    static void PrintSummary(TextWriter output, SavedModel saved, DataMatrix data, HeldOutScore score)
    {
        Format.WriteRows(output,
        [
            ("model", ModelLine(saved)),
            ("data", Format.Data(data)),
            ("log p(x)", $"{Format.Total(score.Total)} total, {Format.PerPoint(score.Total / score.Count)} per point ({What(saved, score)})"),
            ("least likely", string.Join(", ", score.Lowest(LowestRows).Select(n =>
                string.Create(CultureInfo.InvariantCulture, $"row {n + 1} ({Format.PerPoint(score.PointLogLikelihoods[n])})")))),
        ]);
    }

    /// <summary>What the log-likelihood is: exact, exact at a posterior's means, or an importance-sampled estimate.</summary>
    static string What(SavedModel saved, HeldOutScore score)
    {
        if (score.Estimate is { } estimate)
            return $"IWAE-{estimate.Samples}, seed {score.Seed}: an importance-sampled estimate, a lower bound on log p(x) in expectation; Monte Carlo s.e. " +
                   $"{Format.StandardError(estimate.TotalStandardError)} total, {Format.StandardError(estimate.StandardError)} per point";
        return Exact(saved);
    }

    /// <summary>What an exact log-likelihood is: of the parameters, or at a posterior's means.</summary>
    internal static string Exact(SavedModel saved) => saved.Origin is { PosteriorMeans: true } origin
        ? $"exact, at the posterior means of a {origin.Backend} fit: the log-likelihood of those parameters, not the evidence with the parameters integrated out"
        : "exact";

    /// <summary>Each row's log p(xₙ), exact or importance-sampled.</summary>
    sealed record HeldOutScore(double[] PointLogLikelihoods, ImportanceEstimate? Estimate, int Seed)
    {
        /// <summary>Exact, or for a VAE the importance estimate with <paramref name="counts"/>' samples and seed, in one pass over the data.</summary>
        public static HeldOutScore Of(ILatentModel model, DataMatrix data, VaeEvaluationOptions counts, CancellationToken cancellation)
        {
            if (model is VariationalAutoencoder vae)
            {
                var estimate = vae.Evaluate(data).Run(VaeQuantities.LogLikelihood, counts, cancellation).RequireLogLikelihood();
                return new HeldOutScore(estimate.PointEstimates, estimate, counts.Seed);
            }
            if (model is BooleanLatentModel { IsEnumerable: false, Encoder: not null } net)
            {
                // A belief net too large to enumerate: IWAE-k with its encoder as the proposal.
                var estimate = BeliefNetImportance.Estimate(net, data, counts.LogLikelihoodSamples, counts.Seed, cancellation).LogLikelihood;
                return new HeldOutScore(estimate.PointEstimates, estimate, counts.Seed);
            }
            return new HeldOutScore(model.PointLogLikelihoods(data), null, counts.Seed);
        }

        public int Count => PointLogLikelihoods.Length;
        public double Total => PointLogLikelihoods.Sum();

        /// <summary>The indices of the <paramref name="count"/> least likely rows, least likely first (ties by row order).</summary>
        public IEnumerable<int> Lowest(int count) =>
            Enumerable.Range(0, Count).OrderBy(n => PointLogLikelihoods[n]).ThenBy(n => n).Take(count);

        /// <summary>The rows as CSV columns: the row number from 1, log p(xₙ), and its Monte Carlo standard error when estimated.</summary>
        public DataMatrix[] Rows()
        {
            var rows = new DataMatrix(Enumerable.Range(1, Count).Select(n => (double)n).ToArray(), Count, 1, [RowColumn], "score");
            var values = new DataMatrix(PointLogLikelihoods, Count, 1, [LogLikelihoodColumn], "score");
            return Estimate is null ? [rows, values] : [rows, values, new DataMatrix(Estimate.PointStandardErrors, Count, 1, [StandardErrorColumn], "score")];
        }
    }
}
