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
/// the data reads); a VAE its encoder's mean of q(z | x), z1…zQ, and a Gaussian-mixture VAE q(c = k | x), r0…r(K−1), the most
/// probable component, then E_q[z | x] = Σₖ q(c = k | x) E_q[z | x, c = k], z1…zQ; a plain autoencoder its code z = f(x), z1…zQ. A mixture of factor analysers or of PPCA gives
/// its responsibilities and most probable component as a mixture does, then E[h | x, c = k] for every component k,
/// columns h1_c0…hQ_c0, h1_c1, …: each component has its own factor space, so the mean of one component's factors is
/// read beside its responsibility, and the posterior mean over components (which mixes unrelated coordinates) is not
/// written. The data's columns are matched to the model's by name (<see cref="SavedModelOptions.Match"/>), or with
/// <c>--match-by-position</c> taken in the order they come. With <c>--impute</c> (which reads missing cells as
/// <c>--missing</c> does) it writes the data's own columns instead, each missing cell filled with E[x_missing | x_observed]
/// under a saved Gaussian or Bernoulli mixture, PPCA, factor analysis or a mixture of them (of common factor analysers too).
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
        var impute = new Option<bool>("--impute")
        {
            Description = "Write the data's rows with each missing cell (an empty cell or NaN, read as --missing reads them) filled with " +
                          "E[x_missing | x_observed] under the model, a gmm or bernoulli-mixture, instead of the latent posterior",
        };
        var command = new Command("encode", "Write the latent posterior of every row of a data set under a saved model as CSV: " +
                                            "responsibilities for a mixture, E[z | x] for PPCA and factor analysis, both for their mixtures (E[h | x, c] per component), " +
                                            "marginals for boolean latents, the encoder's mean for a vae (and q(c | x) for a gmvae), the code for an autoencoder, " +
                                            "for an hmm each step's sequence, step, state marginals and Viterbi state");
        CommonOptions.Add(command, [model], common.DataGroup, [common.SequenceColumn, output, byPosition, impute]);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetValue(common.Data), parse.GetValue(common.Example), parse.GetValue(output),
            parse.GetValue(byPosition), CommonOptions.Given(parse, common.Columns), CommonOptions.Given(parse, common.Drop),
            parse.GetValue(common.Missing), parse.GetValue(impute), parse.GetValue(common.SequenceColumn)));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string? dataFile, string? example, string? outFile, bool matchByPosition = false,
        IReadOnlyList<string>? columns = null, IReadOnlyList<string>? drop = null, bool missing = false, bool impute = false, string? sequenceColumn = null)
    {
        ModelOptions.CheckDataSource(dataFile, example);
        ModelOptions.CheckColumnChoice(dataFile, columns, drop);
        var saved = SavedModelOptions.Load(modelFile, outFile, dataFile is null ? [] : [("--data", dataFile)]);
        var model = saved.Model;
        if (impute && model is not IImputingModel)
            throw new UsageException($"--impute fills missing cells under a gmm, bernoulli-mixture, ppca, fa, mfa, mppca or mcfa; {modelFile} holds a {model.Family}, which does not marginalise them");
        if (sequenceColumn is not null && model is not HiddenMarkovModel)
            throw new UsageException($"--sequence-column applies to a saved hidden Markov model, not a {model.Family}");
        var sequences = model is HiddenMarkovModel
            ? new ModelOptions { DataFile = dataFile, Example = example, Columns = columns, Drop = drop, Family = "hmm", SequenceColumn = sequenceColumn }.LoadSequences()
            : null;
        var data = SavedModelOptions.Match(saved, sequences?.Steps ?? ModelOptions.ReadData(dataFile, example, ModelOptions.SelectionOf(columns, drop), ModelOptions.MissingOf(missing || impute)), matchByPosition);
        int rows;
        IReadOnlyList<string> written;
        try
        {
            DataMatrix[] encoded = impute ? [((IImputingModel)model).Impute(data)]
                : model is HiddenMarkovModel chain ? Chain(chain, SequenceData.Split(data, sequences!.Lengths)) : Encode(model, data);
            (rows, written) = CsvOutput.Write(outFile, context.Output, [encoded], context.Saves, context.Cancellation);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine(CsvOutput.Cancelled(outFile));
            return ExitCodes.Cancelled;
        }
        if (outFile is not null)
            context.Output.WriteLine($"wrote {Format.Count(rows, "row")} ({ColumnOrder.Describe(written)}) to {outFile}: " +
                                     (impute ? $"the rows of {data.Source} with their {Format.Count(data.MissingCount, "missing cell")} imputed" : $"the latent posterior of each row of {data.Source}") +
                                     $" under {modelFile} ({SavedModelOptions.Describe(model)})");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The posterior's means: a categorical latent's probabilities (with the most probable state), a latent vector's
    /// coordinates, boolean latents' marginals, whatever <see cref="IPosterior.Means"/> gives for the family; for a mixture
    /// of factor analysers the component's and, per component, the factors'; for a mixture of common factor analysers,
    /// whose components share one factor space, also E[z | x] over the components.
    /// </summary>
    static DataMatrix[] Encode(ILatentModel model, DataMatrix data)
    {
        var posterior = model.Posterior(data);
        if (posterior is FactorMixturePosterior factors)
            return model is MixtureOfCommonFactorAnalysers
                ? [.. Components(factors.Responsibilities, data), MixedFactorMeans(factors, data), FactorMeans(factors, data, "z")]
                : [.. Components(factors.Responsibilities, data), FactorMeans(factors, data, "h")];
        if (posterior is DiscretePosterior categorical and not BooleanPosterior) return Components(categorical, data);
        if (posterior is ComponentGaussianPosterior mixed)
            return [.. Components(mixed.Responsibilities, data), new DataMatrix(mixed.Means(), data.Rows, mixed.LatentDimension, Names("z", 1, mixed.LatentDimension), data.Source)];
        var means = posterior.Means();
        int width = means.Length / data.Rows;
        // A belief net's encoder of several factors gives each layer's units, top first, named as the net names them.
        if (posterior is FactorizedBooleanPosterior)
            return [new DataMatrix(means, data.Rows, width,
                model is BooleanLatentModel { Layers.Count: > 1 } deep ? [.. deep.LatentNames] : Names("h", 1, width), data.Source)];
        if (posterior is DeepBeliefPosterior layers)
            return [new DataMatrix(means, data.Rows, width, DeepBeliefPosterior.ColumnNames(layers.LayerBits), data.Source)];
        if (posterior is BeliefNetPosterior net)
            return [new DataMatrix(means, data.Rows, width, BeliefNetPosterior.ColumnNames(net.LayerBits), data.Source)];
        return [new DataMatrix(means, data.Rows, width, Names("z", 1, width), data.Source)];
    }

    /// <summary>A hidden Markov model's steps: the sequence and step, the marginals r0…r(K−1) = p(zₜ | x) and the Viterbi path's state.</summary>
    static DataMatrix[] Chain(HiddenMarkovModel model, SequenceData data)
    {
        int rows = data.Steps.Rows;
        var posterior = model.Posterior(data);
        var paths = model.Viterbi(data);
        var place = new double[rows * 2];
        var states = new double[rows];
        for (int s = 0, row = 0; s < data.Count; s++)
            for (int t = 0; t < data.Lengths[s]; t++, row++)
            {
                (place[row * 2], place[row * 2 + 1]) = (s, t);
                states[row] = paths[s].States[t];
            }
        return [new DataMatrix(place, rows, 2, ["sequence", "step"], data.Steps.Source),
            new DataMatrix(posterior.Means(), rows, model.States, Names("r", 0, model.States), data.Steps.Source),
            new DataMatrix(states, rows, 1, ["state"], data.Steps.Source)];
    }

    /// <summary>The responsibilities r0…r(K−1) and the most probable component.</summary>
    static DataMatrix[] Components(DiscretePosterior posterior, DataMatrix data)
    {
        int rows = data.Rows, states = posterior.States;
        var responsibilities = new DataMatrix(posterior.Means(), rows, states, Names("r", 0, states), data.Source);
        var mostProbable = new DataMatrix(Array.ConvertAll(posterior.MostProbable(), k => (double)k), rows, 1, ["component"], data.Source);
        return [responsibilities, mostProbable];
    }

    /// <summary>E[z | x] = Σₖ p(c = k | x) E[z | x, c = k]: z1…zQ.</summary>
    static DataMatrix MixedFactorMeans(FactorMixturePosterior posterior, DataMatrix data)
    {
        int k = posterior.Components, q = posterior.LatentDimension;
        var means = posterior.Means();
        var values = new double[data.Rows * q];
        for (int n = 0; n < data.Rows; n++) means.AsSpan(n * (k + q) + k, q).CopyTo(values.AsSpan(n * q, q));
        return new DataMatrix(values, data.Rows, q, Names("z", 1, q), data.Source);
    }

    /// <summary>E[h | x, c = k] for each component k in turn, h the latent's <paramref name="name"/>: h1_c0…hQ_c0, h1_c1, …</summary>
    static DataMatrix FactorMeans(FactorMixturePosterior posterior, DataMatrix data, string name)
    {
        int rows = data.Rows, q = posterior.LatentDimension, width = posterior.Components * q;
        var values = new double[rows * width];
        for (int k = 0; k < posterior.Components; k++)
        {
            var component = posterior.Component(k);
            for (int n = 0; n < rows; n++) component.Mean(n).CopyTo(values.AsSpan(n * width + k * q, q));
        }
        var names = Enumerable.Range(0, posterior.Components).SelectMany(k => Names(name, 1, q).Select(h => $"{h}_c{k}")).ToArray();
        return new DataMatrix(values, rows, width, names, data.Source);
    }

    static string[] Names(string prefix, int first, int count) => Enumerable.Range(first, count).Select(i => $"{prefix}{i}").ToArray();
}
