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
/// p(zᵢ = 1 | x), z1…zN; a VAE its encoder's mean of q(z | x), z1…zQ.
/// </summary>
public static class EncodeCommand
{
    public static Command Create(CliContext context)
    {
        var model = SavedModel.ModelOption();
        var common = new CommonOptions();
        common.Data.Description = "The data to encode: a CSV file (a header of column names, then numeric rows) or binarized MNIST (.bin)";
        common.Data.HelpName = "FILE.csv|FILE.bin";
        var output = SavedModel.OutOption("the posterior of each row");
        var command = new Command("encode", "Write the latent posterior of every row of a data set under a saved model as CSV: " +
                                            "responsibilities for a mixture, E[z | x] for PPCA and factor analysis, marginals for boolean latents, the encoder's mean for a vae");
        CommonOptions.Add(command, [model, common.Data, common.Example, output]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(common.Data), parse.GetValue(common.Example), parse.GetValue(output)));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string? dataFile, string? example, string? outFile)
    {
        ModelOptions.CheckDataSource(dataFile, example);
        var model = SavedModel.Load(modelFile, outFile);
        var data = ModelOptions.ReadData(dataFile, example);
        if (data.Columns != model.DataDimension)
            throw new DataException($"has {data.Columns} columns, but the model in {modelFile} takes data of dimension {model.DataDimension}", data.Source);
        int rows;
        IReadOnlyList<string> columns;
        try
        {
            (rows, columns) = CsvOutput.Write(outFile, context.Output, [Encode(model, data)], context.Saves, context.Cancellation);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(CsvOutput.Cancelled(outFile));
            return ExitCodes.Cancelled;
        }
        if (outFile is not null)
            context.Output.WriteLine($"wrote {Format.Count(rows)} rows ({CsvOutput.Describe(columns)}) to {outFile}: the latent posterior of each row of " +
                                     $"{data.Source} under {modelFile} ({SavedModel.Describe(model)})");
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
