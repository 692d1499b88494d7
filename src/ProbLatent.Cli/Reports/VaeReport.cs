using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// <c>fit --model vae --report DIR</c>: the bound per epoch (<c>elbo-trace.svg</c>), what the model generates
/// (<c>generated.svg</c>, for square images), and for a 2-D latent where the encoder puts the test set (<c>latent.svg</c>,
/// coloured by digit when the test file is the binarized-MNIST test split, whose rows are sorted by digit) and the decoder
/// over the latent plane (<c>manifold.svg</c>); <c>report.html</c> shows them with the run's summary. For
/// <c>fit --model autoencoder</c>: its reconstruction per epoch and, for a 2-D code, where the encoder puts the test set;
/// nothing generated and no decoder over a grid of N(0, I)'s percentiles, since its codes were never fitted to that prior.
/// With <c>--beside FILE.plm</c>, the saved model's latent scatter of the same rows (<c>latent-beside.svg</c>) sits beside
/// this fit's, to compare a VAE's latent space with an autoencoder's.
/// </summary>
public static class VaeReport
{
    public const string GeneratedFile = "generated.svg";
    public const string LatentFile = "latent.svg";
    public const string ManifoldFile = "manifold.svg";
    public const string BesideFile = "latent-beside.svg";

    /// <summary>
    /// Loads the <c>--beside</c> model before any training: a saved vae or autoencoder with a 2-D latent, as this run's
    /// <paramref name="latentDimension"/> must be, or a usage error saying what does not fit.
    /// </summary>
    public static NetworkModel LoadBeside(string path, int latentDimension)
    {
        if (latentDimension != 2)
            throw new UsageException($"--beside draws latent scatters, which need a 2-D latent: give --latent-dim 2 (this run's latent has {latentDimension} dimensions)");
        if (LatentModelFile.Load(path) is not NetworkModel model)
            throw new UsageException($"--beside {path} holds neither a vae nor an autoencoder; save one with fit --model vae|autoencoder --out");
        if (model.LatentDimension != 2)
            throw new UsageException($"--beside {path} has a {model.LatentDimension}-D latent; a latent scatter needs a 2-D one");
        return model;
    }

    /// <summary>What the run printed, for the page: the settings, the per-epoch lines, the summary, the network.</summary>
    public sealed record Printed(
        IReadOnlyList<(string Name, string Value)> Settings,
        IReadOnlyList<string> EpochLines,
        IReadOnlyList<(string Name, string Value)> Summary,
        IReadOnlyList<string> Network);

    /// <param name="objective">The training objective: ELBO, or IWAE-k.</param>
    /// <param name="logLikelihood">The kept model's estimated log p(x) per point and its description, when it was estimated.</param>
    /// <param name="name">The model's name (the data folder's or file's), for the page's title.</param>
    /// <param name="beside">The <c>--beside</c> model and its file, whose latent scatter goes beside this fit's, or null.</param>
    public static void Write(ReportFolder folder, string name, VaeTraining training, VaeData data, string objective,
        (double PerPoint, string Label)? logLikelihood, Printed printed, (string Path, NetworkModel Model)? beside = null)
    {
        var vae = training.Trained;
        bool plain = vae is Autoencoder;
        var page = new HtmlPage($"fit --model {(plain ? "autoencoder" : "vae")}: {name}");
        page.NameValues(printed.Settings);
        page.Heading("Training");
        page.Preformatted(string.Join("\n", printed.EpochLines));
        page.NameValues(printed.Summary);
        page.Preformatted(string.Join("\n", printed.Network));

        folder.WriteSvg(ReportFolder.TraceFile, EpochTracePlot.Of(training.Epochs, objective, logLikelihood, pointMass: plain).Render());
        page.Figure(ReportFolder.TraceFile, plain
            ? $"The reconstruction log-likelihood {objective} per epoch on the training, validation and test data, in nats per data point."
            : "The training objective and the validation and test ELBO per epoch, in nats per data point.");
        bool images = ImageGrid.SquareSide(vae.DataDimension) is not null;
        if (images && vae is VariationalAutoencoder generative)
        {
            folder.WriteSvg(GeneratedFile, VaeImages.Generated(generative).Render());
            page.Heading("What it generates");
            page.Figure(GeneratedFile, "The decoder's pixel probabilities at 100 latents drawn from the prior.");
        }
        if (vae.LatentDimension == 2)
        {
            var set = data.Test ?? data.Train;
            var labels = BinarizedMnistLabels.ForFile(set.Source);
            folder.WriteSvg(LatentFile, LatentPlot.Of(vae, set, labels).Render());
            page.Heading("The latent space");
            var where = plain ? "The encoder's code z = f(x)" : "The encoder's mean";
            var latentCaption = labels is null
                ? $"{where} for each row (the data has no labels)."
                : $"{where} for each test row, coloured by digit: the test file is sorted by digit, as its documentation gives the row ranges.";
            if (beside is var (path, other))
            {
                folder.WriteSvg(BesideFile, LatentPlot.Of(other, set, labels).Render());
                var otherKind = other is Autoencoder ? "a plain autoencoder: the code z = f(x)" : "a variational autoencoder: the mean of q(z | x)";
                page.FiguresBeside((LatentFile, $"This fit. {latentCaption}"), (BesideFile, $"{Path.GetFileName(path)}, {otherKind}, for the same rows."));
            }
            else page.Figure(LatentFile, latentCaption);
            if (images && vae is VariationalAutoencoder decoder)
            {
                folder.WriteSvg(ManifoldFile, VaeImages.Manifold(decoder).Render());
                page.Figure(ManifoldFile, "The decoder over a grid of the latent plane.");
            }
        }
        folder.WriteText(ReportFolder.PageFile, page.Render());
    }
}
