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
/// from a VMP fit, it is the log-likelihood at the posterior means, not the evidence, and the output says so. An RBM whose
/// smaller layer is beyond exact enumeration scores −F(v) − log Ẑ with log Z by AIS (<c>--ais T</c>: one estimate for all
/// rows, whose error every row shares), and a deep belief net too large to enumerate its variational lower bound, said to
/// be one, with its top machine's log Z by AIS when that cannot be enumerated either. The data's
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
    /// <param name="AisTemperatures"><c>--ais</c>: the temperatures of AIS for an RBM's (or a DBN's top machine's) log Z beyond enumeration.</param>
    /// <param name="AisChains"><c>--ais-chains</c>: AIS's chains, null for <see cref="AisOptions"/>' default.</param>
    public sealed record Settings(bool PerRow = false, string? OutFile = null, bool MatchByPosition = false, int? ImportanceSamples = null, int? Seed = null,
        IReadOnlyList<string>? Columns = null, IReadOnlyList<string>? Drop = null, bool Missing = false, int? AisTemperatures = null, int? AisChains = null);

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
        var seed = CommonOptions.Int("vae, belief net, rbm or dbn too large to enumerate: the seed of the importance samples, or of AIS and the bound's draws (default 0): " +
                                     "the same seed gives the same estimate", "S", null, "--seed", "-s");
        var ais = CommonOptions.Int($"rbm or dbn whose (top) machine's smaller layer is beyond {RestrictedBoltzmannMachine.MaxExactUnits} units: estimate its log Z by AIS " +
                                    $"with {new AisOptions().Chains} chains × T temperatures, from the base rates of the scored data (needed for such a machine)", "T", 1, "--ais");
        var aisChains = CommonOptions.Int($"with --ais: the chains of AIS (default {new AisOptions().Chains}); a machine whose chains' weights are uneven " +
                                          "(few effective chains, as PCD's often are) needs more for log Z's error to mean what it says", "C", 2, "--ais-chains");
        var command = new Command("score", "Score held-out data under a saved model: the total and per-point log p(x), the least likely rows, " +
                                           "and with --per-row every row's log p(x) as CSV");
        CommonOptions.Add(command, [model], common.DataGroup, [perRow, output, byPosition, samples, seed, ais, aisChains]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(common.Data), parse.GetValue(common.Example),
            new Settings(parse.GetValue(perRow), parse.GetValue(output), parse.GetValue(byPosition), parse.GetValue(samples), parse.GetValue(seed),
                CommonOptions.Given(parse, common.Columns), CommonOptions.Given(parse, common.Drop), parse.GetValue(common.Missing), parse.GetValue(ais), parse.GetValue(aisChains))));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string? dataFile, string? example, Settings? settings = null)
    {
        settings ??= new Settings();
        ModelOptions.CheckDataSource(dataFile, example);
        ModelOptions.CheckColumnChoice(dataFile, settings.Columns, settings.Drop);
        if (settings.OutFile is not null && !settings.PerRow)
            throw new UsageException("--out writes the rows of --per-row; give --per-row too, or leave --out out to print the summary");
        if (settings.AisChains is not null && settings.AisTemperatures is null)
            throw new UsageException("--ais-chains sets the chains of AIS: give --ais T too");
        var saved = SavedModelOptions.Load(modelFile, settings.OutFile, dataFile is null ? [] : [("--data", dataFile)]);
        if (saved.Model is Autoencoder)
            throw new UsageException($"{modelFile} holds a plain autoencoder, which has no log-likelihood to score: {Autoencoder.NotGenerative}");
        var holds = $"{modelFile} holds a {saved.Model.Family}";
        if (!IsEstimated(saved.Model))
            UsageException.ThrowIfGiven($"applies to a vae, a belief net, an rbm or a dbn too large to enumerate, whose log-likelihood is estimated; {holds}, whose log-likelihood is exact",
                ("--iwae-eval", settings.ImportanceSamples is not null), ("--seed", settings.Seed is not null), ("--ais", settings.AisTemperatures is not null));
        if (!IsImportanceSampled(saved.Model))
            UsageException.ThrowIfGiven($"applies to a vae or a belief net, whose log p(x) is importance-sampled; {holds}", ("--iwae-eval", settings.ImportanceSamples is not null));
        if (!NeedsAis(saved.Model))
            UsageException.ThrowIfGiven($"applies to an rbm or a dbn whose (top) machine's log Z is beyond enumeration; {holds}, which needs no AIS", ("--ais", settings.AisTemperatures is not null));
        else if (settings.AisTemperatures is null)
        {
            var machine = saved.Model is DeepBeliefNet net ? net.Top : (RestrictedBoltzmannMachine)saved.Model;
            throw new UsageException($"{modelFile} holds {(saved.Model is DeepBeliefNet ? "a dbn whose top machine has" : "an rbm of")} {machine.Visible} visible and {machine.Hidden} hidden units: " +
                                     $"its log Z sums 2^{Math.Min(machine.Visible, machine.Hidden)} states, beyond exact enumeration ({RestrictedBoltzmannMachine.MaxExactUnits} units); " +
                                     $"give --ais T to estimate it by annealed importance sampling ({new AisOptions().Chains} chains × T temperatures, AisOptions' default {new AisOptions().Temperatures})");
        }
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
            var ais = settings.AisTemperatures is { } temperatures
                ? new AisOptions { Temperatures = temperatures, Seed = counts.Seed, Chains = settings.AisChains ?? new AisOptions().Chains }
                : null;
            score = HeldOutScore.Of(saved.Model, data, counts, ais, context.Cancellation);
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
    /// Whether the model's log p(x) is estimated or bounded rather than exact — importance-sampled (a VAE's, and a belief
    /// net's too large to enumerate, by its encoder), an RBM's by AIS, a DBN's bound: only then does --seed apply, and its
    /// rows are not streamed through the exact score.
    /// </summary>
    static bool IsEstimated(ILatentModel model) =>
        IsImportanceSampled(model) || model is RestrictedBoltzmannMachine { HasExactPartition: false } or DeepBeliefNet { IsEnumerable: false };

    /// <summary>Whether log p(x) is an IWAE-K estimate (a VAE's, or a belief net's by its encoder), which --iwae-eval sets.</summary>
    static bool IsImportanceSampled(ILatentModel model) => model is VariationalAutoencoder or BooleanLatentModel { IsEnumerable: false, Encoder: not null };

    /// <summary>Whether the model's (top) machine has a log Z that only AIS can give.</summary>
    static bool NeedsAis(ILatentModel model) => model is RestrictedBoltzmannMachine { HasExactPartition: false } or DeepBeliefNet { Top.HasExactPartition: false };

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
            (score.IsBound ? "log p(x) ≥" : "log p(x)", $"{Format.Total(score.Total)} total, {Format.PerPoint(score.Total / score.Count)} per point ({What(saved, score)})"),
            ("least likely", string.Join(", ", score.Lowest(LowestRows).Select(n =>
                string.Create(CultureInfo.InvariantCulture, $"row {n + 1} ({Format.PerPoint(score.PointLogLikelihoods[n])})")))),
        ]);
    }

    /// <summary>What the log-likelihood is: exact, exact at a posterior's means, or an estimate or a bound with its standard error.</summary>
    static string What(SavedModel saved, HeldOutScore score) =>
        score.Estimated is { } what
            ? $"{what} s.e. {Format.StandardError(score.TotalStandardError)} total, {Format.StandardError(score.TotalStandardError / score.Count)} per point"
            : Exact(saved);

    /// <summary>What an exact log-likelihood is: of the parameters, or at a posterior's means.</summary>
    internal static string Exact(SavedModel saved) => saved.Origin is { PosteriorMeans: true } origin
        ? $"exact, at the posterior means of a {origin.Backend} fit: the log-likelihood of those parameters, not the evidence with the parameters integrated out"
        : "exact";

    /// <summary>
    /// Each row's log p(xₙ) — exact, estimated, or a lower bound (<paramref name="IsBound"/>) — and when not exact what the
    /// estimate is (<paramref name="Estimated"/>), each row's standard error and the total's.
    /// </summary>
    sealed record HeldOutScore(double[] PointLogLikelihoods, string? Estimated = null, double[]? PointStandardErrors = null, double TotalStandardError = 0, bool IsBound = false)
    {
        /// <summary>
        /// Exact; for a VAE or a belief net the importance estimate with <paramref name="counts"/>' samples and seed; for a
        /// machine beyond enumeration with log Z by <paramref name="ais"/>.
        /// </summary>
        public static HeldOutScore Of(ILatentModel model, DataMatrix data, VaeEvaluationOptions counts, AisOptions? ais, CancellationToken cancellation)
        {
            if (model is VariationalAutoencoder vae)
                return Importance(vae.Evaluate(data).Run(VaeQuantities.LogLikelihood, counts, cancellation).RequireLogLikelihood(), counts.Seed);
            if (model is BooleanLatentModel { IsEnumerable: false, Encoder: not null } net)
                // A belief net too large to enumerate: IWAE-k with its encoder as the proposal.
                return Importance(BeliefNetImportance.Estimate(net, data, counts.LogLikelihoodSamples, counts.Seed, cancellation).LogLikelihood, counts.Seed);
            if (model is RestrictedBoltzmannMachine { HasExactPartition: false } machine)
            {
                // One log Ẑ for every row: each row's error is its error, and the total's N times it (not √N).
                var estimate = machine.EstimateLogPartition(ais, data, cancellation);
                return new HeldOutScore(machine.LogLikelihoods(data, estimate), $"−F(v) − log Ẑ, an estimate: {estimate}, seed {ais!.Seed}; log Ẑ is biased low, which biases this high; log Ẑ's",
                    Filled(data.Rows, estimate.StandardError), data.Rows * estimate.StandardError);
            }
            if (model is DeepBeliefNet { IsEnumerable: false } dbn)
            {
                var bound = dbn.LowerBound(data, new DeepBeliefBoundOptions { Seed = counts.Seed, Ais = ais }, cancellation);
                double logZError = bound.PartitionStandardError / bound.Count;
                var top = bound.PartitionIsExact ? "top log Z exact" : $"top log Z by AIS over {ais!.Chains} chains × {ais.Temperatures} temperatures: {bound.LogPartition:F4} ± {logZError:F4}";
                return new HeldOutScore(bound.PointBounds, $"a variational lower bound, not an estimate: {bound.Samples} draws of the recognition pass per point, seed {counts.Seed}, {top}; the draws' and log Ẑ's",
                    Array.ConvertAll(bound.PointMonteCarloErrors, e => Math.Sqrt(e * e + logZError * logZError)), bound.StandardError, IsBound: true);
            }
            return new HeldOutScore(model.PointLogLikelihoods(data));
        }

        static HeldOutScore Importance(ImportanceEstimate estimate, int seed) =>
            new(estimate.PointEstimates, $"IWAE-{estimate.Samples}, seed {seed}: an importance-sampled estimate, a lower bound on log p(x) in expectation; Monte Carlo",
                estimate.PointStandardErrors, estimate.TotalStandardError);

        static double[] Filled(int count, double value)
        {
            var values = new double[count];
            Array.Fill(values, value);
            return values;
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
            return PointStandardErrors is null ? [rows, values] : [rows, values, new DataMatrix(PointStandardErrors, Count, 1, [StandardErrorColumn], "score")];
        }
    }
}
