using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli.Options;
using ProbLatent.Data;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// <c>fit --model vae --report DIR</c>: the bound per epoch (<c>elbo-trace.svg</c>), what the model generates
/// (<c>generated.svg</c>, for square images), and for a 2-D latent where the encoder puts the test set (<c>latent.svg</c>,
/// coloured by digit when the test file is the binarized-MNIST test split, whose rows are sorted by digit) and the decoder
/// over the latent plane (<c>manifold.svg</c>); <c>report.html</c> shows them with the run's summary.
/// </summary>
public static class VaeReport
{
    public const string GeneratedFile = "generated.svg";
    public const string LatentFile = "latent.svg";
    public const string ManifoldFile = "manifold.svg";

    /// <summary>What the run printed, for the page: the settings, the per-epoch lines, the summary, the network.</summary>
    public sealed record Printed(
        IReadOnlyList<(string Name, string Value)> Settings,
        IReadOnlyList<string> EpochLines,
        IReadOnlyList<(string Name, string Value)> Summary,
        IReadOnlyList<string> Network);

    /// <param name="objective">The training objective: ELBO, or IWAE-k.</param>
    /// <param name="logLikelihood">The kept model's estimated log p(x) per point and its description, when it was estimated.</param>
    /// <param name="name">The model's name (the data folder's or file's), for the page's title.</param>
    public static void Write(ReportFolder folder, string name, VaeTraining training, VaeData data, string objective,
        (double PerPoint, string Label)? logLikelihood, Printed printed)
    {
        var vae = training.Model;
        var page = new HtmlPage($"fit --model vae: {name}");
        page.NameValues(printed.Settings);
        page.Heading("Training");
        page.Preformatted(string.Join("\n", printed.EpochLines));
        page.NameValues(printed.Summary);
        page.Preformatted(string.Join("\n", printed.Network));

        folder.WriteSvg(ReportFolder.TraceFile, EpochTracePlot.Of(training.Epochs, objective, logLikelihood).Render());
        page.Figure(ReportFolder.TraceFile, "The training objective and the validation and test ELBO per epoch, in nats per data point.");
        bool images = ImageGrid.SquareSide(vae.DataDimension) is not null;
        if (images)
        {
            folder.WriteSvg(GeneratedFile, VaeImages.Generated(vae).Render());
            page.Heading("What it generates");
            page.Figure(GeneratedFile, "The decoder's pixel probabilities at 100 latents drawn from the prior.");
        }
        if (vae.LatentDimension == 2)
        {
            var set = data.Test ?? data.Train;
            var labels = BinarizedMnistLabels.ForFile(set.Source);
            folder.WriteSvg(LatentFile, LatentPlot.Of(vae, set, labels).Render());
            page.Heading("The latent space");
            page.Figure(LatentFile, labels is null
                ? "The encoder's mean for each row (the data has no labels)."
                : "The encoder's mean for each test row, coloured by digit: the test file is sorted by digit, as its documentation gives the row ranges.");
            if (images)
            {
                folder.WriteSvg(ManifoldFile, VaeImages.Manifold(vae).Render());
                page.Figure(ManifoldFile, "The decoder over a grid of the latent plane.");
            }
        }
        folder.WriteText(ReportFolder.PageFile, page.Render());
    }
}
