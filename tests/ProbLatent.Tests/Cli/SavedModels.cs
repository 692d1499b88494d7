using ProbLatent.Cli;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary>Saved models for the <c>sample</c> and <c>encode</c> tests, made as a user makes them: with <c>fit --out</c>.</summary>
static class SavedModels
{
    /// <summary>Fits and saves; the fit must succeed.</summary>
    public static string Fit(TempFolder folder, string name, params string[] fit)
    {
        var path = folder[name];
        var run = CliRun.Of(["fit", .. fit, "--out", path]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return path;
    }

    /// <summary>Old Faithful's 2-component Gaussian mixture, by EM.</summary>
    public static string OldFaithful(TempFolder folder) => Fit(folder, "gmm.plm", "--example", "old-faithful", "--seed", "1");

    /// <summary>PPCA of iris with a 2-dimensional latent, the closed-form fit.</summary>
    public static string IrisPpca(TempFolder folder) => Fit(folder, "ppca.plm", "--example", "iris", "--model", "ppca", "--latent-dim", "2", "--backend", "exact");

    /// <summary>A tiny Bernoulli VAE (64 pixels, 16 hidden units, 2 latents) trained one epoch on <c>train.bin</c> in the folder.</summary>
    public static string Vae(TempFolder folder)
    {
        TempMnist.Write(folder["train.bin"], 200, 64, seed: 1);
        return Fit(folder, "vae.plm", "--model", "vae", "--data", folder["train.bin"], "--hidden", "16", "--latent-dim", "2", "--epochs", "1", "--iwae-eval", "0", "--seed", "1");
    }

    /// <summary>A sigmoid belief net with 3 boolean latents over 8 pixels (no command fits one: saved through the library).</summary>
    public static (string Path, BooleanLatentModel Model) Boolean(TempFolder folder)
    {
        var random = new Random(3);
        var model = new BooleanLatentModel(
            Enumerable.Range(0, 8 * 3).Select(_ => random.NextDouble() * 6 - 3).ToArray(),
            Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray(), [0.2, 0.5, 0.7]);
        var path = folder["boolean.plm"];
        LatentModelFile.Save(model, path);
        return (path, model);
    }
}
