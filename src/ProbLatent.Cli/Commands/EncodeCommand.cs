using System.CommandLine;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent encode</c>: the latent posterior of every row of a data set under a saved model, as CSV, one line per
/// row. A mixture gives its responsibilities p(z = k | x), columns r0…r(K−1), and the most probable component (from 0);
/// PPCA and factor analysis the exact posterior mean E[z | x], columns z1…zQ; boolean latents their posterior marginals
/// p(zᵢ = 1 | x), z1…zN, and a belief net of several layers each layer's, top first (h2_1…, then h1_1…, h1 the layer
/// the data reads); a VAE its encoder's mean of q(z | x), z1…zQ. The data's columns are matched to the model's by
/// name (<see cref="SavedModelOptions.Match"/>), or with <c>--match-by-position</c> taken in the order they come.
/// </summary>
public static class EncodeCommand
{
    public static Command Create(CliContext context)
    {
        var model = SavedModelOptions.ModelOption();
        var common = new CommonOptions();
        common.Data.Description = "The data to encode: a CSV file (a header of column names, then numeric rows) or binarized MNIST (.bin)";
        common.Data.HelpName = "FILE.csv|FILE.bin";
        var output = SavedModelOptions.OutOption("the posterior of each row");
        var byPosition = SavedModelOptions.MatchByPositionOption();
        var command = new Command("encode", "Write the latent posterior of every row of a data set under a saved model as CSV: " +
                                            "responsibilities for a mixture, E[z | x] for PPCA and factor analysis, marginals for boolean latents, the encoder's mean for a vae");
        CommonOptions.Add(command, [model], common.DataGroup, [output, byPosition]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(common.Data), parse.GetValue(common.Example), parse.GetValue(output),
            parse.GetValue(byPosition), CommonOptions.Given(parse, common.Columns), CommonOptions.Given(parse, common.Drop)));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string? dataFile, string? example, string? outFile, bool matchByPosition = false,
        IReadOnlyList<string>? columns = null, IReadOnlyList<string>? drop = null)
    {
        ModelOptions.CheckDataSource(dataFile, example);
        ModelOptions.CheckColumnChoice(dataFile, columns, drop);
        var saved = SavedModelOptions.Load(modelFile, outFile, dataFile is null ? [] : [("--data", dataFile)]);
        var model = saved.Model;
        var data = SavedModelOptions.Match(saved, ModelOptions.ReadData(dataFile, example, ModelOptions.SelectionOf(columns, drop)), matchByPosition);
        int rows;
        IReadOnlyList<string> written;
        try
        {
            (rows, written) = CsvOutput.Write(outFile, context.Output, [Encode(model, data)], context.Saves, context.Cancellation);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(CsvOutput.Cancelled(outFile));
            return ExitCodes.Cancelled;
        }
        if (outFile is not null)
            context.Output.WriteLine($"wrote {Format.Count(rows, "row")} ({ColumnOrder.Describe(written)}) to {outFile}: the latent posterior of each row of " +
                                     $"{data.Source} under {modelFile} ({SavedModelOptions.Describe(model)})");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The posterior's means: a categorical latent's probabilities (with the most probable state), a latent vector's
    /// coordinates, boolean latents' marginals, whatever <see cref="IPosterior.Means"/> gives for the family.
    /// </summary>
    static DataMatrix[] Encode(ILatentModel model, DataMatrix data)
    {
        var posterior = model.Posterior(data);
        var means = posterior.Means();
        int rows = data.Rows, width = means.Length / rows;
        if (posterior is BeliefNetPosterior net)
            return [new DataMatrix(means, rows, width, BeliefNetPosterior.ColumnNames(net.LayerBits), data.Source)];
        if (posterior is DiscretePosterior categorical and not BooleanPosterior)
        {
            var responsibilities = new DataMatrix(means, rows, width, Names("r", 0, width), data.Source);
            var mostProbable = new DataMatrix(Array.ConvertAll(categorical.MostProbable(), k => (double)k), rows, 1, ["component"], data.Source);
            return [responsibilities, mostProbable];
        }
        return [new DataMatrix(means, rows, width, Names("z", 1, width), data.Source)];
    }

    static string[] Names(string prefix, int first, int count) => Enumerable.Range(first, count).Select(i => $"{prefix}{i}").ToArray();
}
