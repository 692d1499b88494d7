using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// The plot that shows what a fitted model learned, as the reports draw it: a Gaussian mixture's (or a mixture of factor analysers') clusters, PPCA's or
/// factor analysis's principal directions, a Bernoulli mixture's component images.
/// </summary>
public static class FitPlots
{
    /// <summary>The file, caption and chart for <paramref name="fit"/>, or null when its model has none (more than 2-D boolean latents, say).</summary>
    /// <param name="name">Names the file (<c>clusters-NAME.svg</c>) and starts the caption: the backend, or which fit it is.</param>
    public static (string File, string Caption, SvgDocument Svg)? For(DataMatrix data, FitResult fit, string name) => fit.Parameters switch
    {
        var parameters when ClusterPlot.Shows(parameters) && data.Columns >= 2 =>
            ($"clusters-{name}.svg", $"{name}: the data coloured by the most probable component, with each component's mean and 1σ and 2σ ellipses.",
                ClusterPlot.Of(data, fit).Render()),
        LinearGaussianModel when data.Columns >= 2 =>
            ($"directions-{name}.svg", $"{name}: the data with the fitted mean, principal directions and marginal ellipses.",
                DirectionPlot.Of(data, fit).Render()),
        BernoulliMixture mixture when ImageGrid.SquareSide(mixture.Dimension) is not null =>
            ($"components-{name}.svg", $"{name}: each component's pixel probabilities, heaviest first.",
                ComponentImages.Of(fit, data.Source).Render()),
        _ => null,
    };
}
