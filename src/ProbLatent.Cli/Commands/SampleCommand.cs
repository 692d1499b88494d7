using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent sample</c>: draws data from a saved model (<see cref="ILatentModel.Generate"/>) and writes it as CSV,
/// under the names of the columns the model was fitted on (x1…xD when the file has none), and with <c>--latents</c> the
/// latent values that generated each row (a mixture's component in a column z, counted from 0; a latent vector in z1…zQ;
/// a mixture of factor analysers' or of PPCA's component in c and its factors in h1…hQ).
/// A Bernoulli VAE draws binary pixels; <c>--means</c> writes the decoder's output instead — the pixel probabilities, or
/// a Gaussian VAE's means. A plain autoencoder is refused: it has no prior to draw z from (decoding N(0, I) draws would
/// show what its decoder does far from its codes, not a model's samples).
/// </summary>
public static class SampleCommand
{
    /// <summary>Rows drawn at a time: large samples are written as they are drawn, in bounded memory.</summary>
    const int ValuesPerBlock = 1 << 20;

    public static Command Create(CliContext context)
    {
        var model = SavedModelOptions.ModelOption();
        var count = CommonOptions.Int("How many rows to draw", "N", 1, "--count", "-n");
        count.Required = true;
        var seed = CommonOptions.Int("Random seed (default 0): the same seed gives the same rows", "S", null, "--seed", "-s");
        var latents = new Option<bool>("--latents")
        {
            Description = "Also write the latent values that generated each row: z (a mixture's component, from 0), z1…zQ, a belief net's layers h2_1…, h1_1…, " +
                          "or for mfa and mppca c (the component) and h1…hQ, for mcfa c and z1…zQ, for an rbm the hidden units h1…hN",
        };
        var gibbs = new GibbsOptions();
        var burnIn = CommonOptions.Int($"rbm: Gibbs sweeps before a chain's first sample (default {gibbs.BurnIn})", "N", 0, "--burn-in");
        var thinning = CommonOptions.Int($"rbm: Gibbs sweeps between a chain's samples (default {gibbs.Thinning}); {gibbs.Chains} chains give samples in turn", "N", 1, "--thinning");
        var means = new Option<bool>("--means") { Description = "vae: write the decoder's output for each drawn z — pixel probabilities, or Gaussian means — instead of a draw of x" };
        var output = SavedModelOptions.OutOption("the rows");
        var command = new Command("sample", "Draw data from a saved model and write it as CSV (x1…xD, optionally the latents)");
        CommonOptions.Add(command, [model, count, seed, latents, means, burnIn, thinning, output]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(count)!.Value, parse.GetValue(seed) ?? 0,
            parse.GetValue(latents), parse.GetValue(means), parse.GetValue(output), parse.GetValue(burnIn), parse.GetValue(thinning)));
        return command;
    }

    public static int Run(CliContext context, string modelFile, int count, int seed, bool latents, bool means, string? outFile,
        int? burnIn = null, int? thinning = null)
    {
        var saved = SavedModelOptions.Load(modelFile, outFile);
        var model = saved.Model;
        if (model is Autoencoder)
            throw new UsageException($"{modelFile} holds a plain autoencoder, which cannot be sampled: {Autoencoder.NotGenerative}");
        if (means && model is not VariationalAutoencoder)
            throw new UsageException($"--means applies to a vae, whose decoder gives pixel probabilities or means; {modelFile} holds a {model.Family}");
        if (model is not (RestrictedBoltzmannMachine or DeepBeliefNet))
            UsageException.ThrowIfGiven($"applies to an rbm or a dbn, drawn by Gibbs chains (a dbn's in its top machine); {modelFile} holds a {model.Family}, drawn exactly",
                ("--burn-in", burnIn is not null), ("--thinning", thinning is not null));
        var gibbs = new GibbsOptions();
        gibbs = gibbs with { BurnIn = burnIn ?? gibbs.BurnIn, Thinning = thinning ?? gibbs.Thinning };
        int rows;
        IReadOnlyList<string> columns;
        try
        {
            (rows, columns) = CsvOutput.Write(outFile, context.Output, Blocks(model, count, new Random(seed), latents, means, gibbs)
                .Select(block => Named(block, saved.ColumnNames)), context.Saves, context.Cancellation);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(CsvOutput.Cancelled(outFile));
            return ExitCodes.Cancelled;
        }
        if (outFile is not null)
            context.Output.WriteLine($"wrote {Format.Count(rows, "row")} ({ColumnOrder.Describe(columns)}) to {outFile}: " +
                                     $"{(means ? "decoder outputs" : "draws")} from {modelFile} ({SavedModelOptions.Describe(model)}), seed {seed}");
        return ExitCodes.Success;
    }

    /// <summary>The drawn data under the names of the columns the model was fitted on, when the file keeps them.</summary>
    static DataMatrix[] Named(DataMatrix[] block, IReadOnlyList<string>? names) =>
        names is null ? block : [block[0].WithColumnNames(names), .. block[1..]];

    /// <summary>The draws, a block at a time, drawn as they are written (Ctrl+C stops the writing between lines: see CsvOutput).</summary>
    /// <remarks>An rbm's block is drawn by chains of its own, each burnt in afresh (a block holds a million values).</remarks>
    static IEnumerable<DataMatrix[]> Blocks(ILatentModel model, int count, Random random, bool latents, bool means, GibbsOptions gibbs)
    {
        int block = Math.Max(1, ValuesPerBlock / model.DataDimension);
        for (int done = 0; done < count; done += block)
        {
            int rows = Math.Min(block, count - done);
            DataMatrix x, z;
            if (means)
            {
                // The decoder's means at z from the prior: no x is drawn.
                var vae = (VariationalAutoencoder)model;
                z = vae.SampleLatents(rows, random);
                x = vae.Decode(z);
            }
            else
            {
                var drawn = model switch
                {
                    RestrictedBoltzmannMachine rbm => rbm.Sample(rows, gibbs with { Seed = random.Next() }),
                    DeepBeliefNet dbn => dbn.Sample(rows, gibbs with { Seed = random.Next() }),
                    _ => model.Generate(rows, random),
                };
                (x, z) = (drawn.Data, drawn.Latents);
            }
            yield return latents ? [x, z] : [x];
        }
    }
}
