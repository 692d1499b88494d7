using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// The plot that shows what a fitted model learned, as the reports draw it: a Gaussian mixture's (or a mixture of factor analysers') clusters, PPCA's or
/// factor analysis's principal directions, a Bernoulli mixture's component images, a hidden Markov model's Viterbi states over
/// time (a plot per column) and its transition matrix.
/// </summary>
public static class FitPlots
{
    /// <summary>The files, captions and charts for <paramref name="fit"/>; none when its model has none (more than 2-D boolean latents, say).</summary>
    /// <param name="name">Names the files (<c>clusters-NAME.svg</c>) and starts the captions: the backend, or which fit it is.</param>
    public static IReadOnlyList<(string File, string Caption, SvgDocument Svg)> For(DataMatrix data, FitResult fit, string name) =>
        fit.Parameters is HiddenMarkovModel chain
            ?
            [
                .. StatePathPlot.EveryColumn(data, fit).Select((chart, j) => (StatesFile(name, j),
                    $"{name}: {data.ColumnNames[j]} at each step, coloured by the state of the Viterbi path, with each state's mean (dashed).", chart.Render())),
                ($"transitions-{name}.svg", $"{name}: the transition matrix, row the state moved from, column the state moved to, each cell its probability.",
                    TransitionPlot.Of(chain, $"{data.Source}: transition probabilities ({name})").Render()),
            ]
            : One(data, fit, name) is { } one ? [one] : [];

    /// <summary><c>states-NAME.svg</c> for the first column, as it was when the plot drew only that one, then <c>states-NAME-col2.svg</c> on.</summary>
    static string StatesFile(string name, int column) => column == 0 ? $"states-{name}.svg" : $"states-{name}-col{column + 1}.svg";

    static (string File, string Caption, SvgDocument Svg)? One(DataMatrix data, FitResult fit, string name) => fit.Parameters switch
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
