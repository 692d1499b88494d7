using System.CommandLine;
using ProbLatent.Cli.Output;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Options;

/// <summary>The options of the commands that use a saved model (<c>sample</c>, <c>encode</c>): the model file, and where the CSV goes.</summary>
public static class SavedModel
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

    /// <summary>Loads the model, refusing an <paramref name="outFile"/> that would overwrite it.</summary>
    public static ILatentModel Load(string path, string? outFile)
    {
        if (outFile is not null && Path.GetFullPath(outFile) == Path.GetFullPath(path))
            throw new UsageException($"--out {outFile} is the model file; give another file name for the CSV");
        return LatentModelFile.Load(path);
    }

    /// <summary>The model in a few words, as <c>fit</c> prints its title: "Gaussian mixture: 2 components, …".</summary>
    public static string Describe(ILatentModel model) => ParameterFormatter.Format(model)[0];
}
