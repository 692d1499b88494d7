using System.CommandLine;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Options;

/// <summary>
/// The options of the commands that use a saved model (<c>sample</c>, <c>encode</c>): the model file, where the CSV goes,
/// and how data is matched to the model's columns.
/// </summary>
public static class SavedModelOptions
{
    /// <summary><c>--model FILE.plm</c>, required.</summary>
    public static Option<string> ModelOption() => new("--model", "-m")
    {
        Description = "A model saved by 'problatent fit --out' (any family, or a vae)",
        HelpName = "FILE.plm",
        Required = true,
    };

    /// <summary><c>--out FILE.csv</c>: where the CSV goes instead of standard output.</summary>
    public static Option<string> OutOption(string what) => new("--out", "-o")
    {
        Description = $"Write {what} to this CSV file (whole or not at all) instead of standard output",
        HelpName = "FILE.csv",
    };

    /// <summary><c>--match-by-position</c>: take the data's columns as the model's in the order they come, whatever their names.</summary>
    public static Option<bool> MatchByPositionOption() => new("--match-by-position")
    {
        Description = "Take the data's columns as the model's in the order they come, whatever their names " +
                      "(by default the names must be the model's, and the same names in another order are put in the model's order)",
    };

    /// <summary>
    /// Loads the model, refusing an <paramref name="outFile"/> that would overwrite it or another of the command's
    /// <paramref name="inputs"/>.
    /// </summary>
    public static SavedModel Load(string path, string? outFile, params (string Option, string Path)[] inputs)
    {
        if (outFile is not null) OutputFile.CheckNotAnInput("--out", outFile, [("--model", path), .. inputs]);
        return LatentModelFile.Read(path);
    }

    /// <summary>
    /// The data in the model's column order (<see cref="SavedModel.Match"/>), or with <c>--match-by-position</c> as it is
    /// once its number of columns is the model's; a refusal of its names says how to get past it.
    /// </summary>
    public static DataMatrix Match(SavedModel model, DataMatrix data, bool byPosition)
    {
        try
        {
            return model.Match(data, byPosition);
        }
        catch (DataException e) when (data.Columns == model.Model.DataDimension)
        {
            throw new DataException($"{e.Reason}; rename the data's columns, or give --match-by-position to take them in the order they come", e.Source, e.Row, e.Column);
        }
    }

    /// <summary>The model in a few words, as <c>fit</c> prints its title: "Gaussian mixture: 2 components, …".</summary>
    public static string Describe(ILatentModel model) => ParameterFormatter.Format(model)[0];
}
