using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A Gaussian mixture fit over its data: each point coloured by its most probable component under the backend's q(z),
/// each component's mean as a diamond and its 1σ and 2σ ellipses. Data of more than two columns is shown on the two
/// with the largest variance (<see cref="PlotColumns"/>), with the components' marginals on them, which are exact: the
/// marginal of a Gaussian on two coordinates is the 2×2 block of its mean and covariance.
/// </summary>
public static class ClusterPlot
{
    /// <exception cref="ArgumentException">The fit is not a Gaussian mixture, or the data is not the data it was fitted to.</exception>
    public static ScatterChart Of(DataMatrix data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Parameters is not GaussianMixture mixture)
            throw new ArgumentException($"a cluster plot shows a Gaussian mixture; {fit.Backend}'s fit is a {fit.Parameters.Family}");
        if (data.Rows != fit.LatentPosterior.Count || data.Columns != mixture.Dimension)
            throw new ArgumentException($"{data.Source} ({data.Rows}×{data.Columns}) is not the data {fit.Backend} fitted ({fit.LatentPosterior.Count}×{mixture.Dimension})");

        var columns = PlotColumns.Choose(data);
        var (x, y) = columns.Values(data);
        int k = mixture.Components;
        var assignment = ((DiscretePosterior)fit.LatentPosterior).MostProbable();
        var groups = new List<PointGroup>();
        var ellipses = new List<ScatterEllipse>();
        var markers = new List<ScatterMarker>();
        for (int c = 0; c < k; c++)
        {
            var colour = Palette.Colour(c);
            var members = Enumerable.Range(0, data.Rows).Where(i => assignment[i] == c).ToArray();
            if (members.Length > 0)
                groups.Add(new PointGroup(
                    string.Create(CultureInfo.InvariantCulture, $"component {c + 1}: π = {mixture.Weights[c]:F2}, {Counted.Of(members.Length, "point")}"),
                    members.Select(i => x[i]).ToArray(), members.Select(i => y[i]).ToArray(), colour));
            var mean = mixture.Mean(c);
            ellipses.AddRange(columns.Ellipses(mean, mixture.Covariance(c), colour));
            // A component no point chose (VMP empties the ones the data does not need) is still named, by its mean's marker.
            markers.Add(new ScatterMarker(mean[columns.X], mean[columns.Y], colour, members.Length > 0 ? null
                : string.Create(CultureInfo.InvariantCulture, $"component {c + 1}: π = {mixture.Weights[c]:F2}, no points")));
        }
        return new ScatterChart
        {
            Title = $"{fit.Backend}: a {k}-component Gaussian mixture on {DataName.Of(data.Source)}",
            Subtitle = $"{Counted.Of(data.Rows, "point")} coloured by their most probable component under {fit.Backend}'s q(z)" +
                       (columns.Note is null ? "" : $"; {columns.Note}"),
            XTitle = columns.XName,
            YTitle = columns.YName,
            Groups = groups,
            Ellipses = ellipses,
            Markers = markers,
            Notes =
            [
                new LegendEntry("component means", ChartStyle.AxisColour, LegendSymbol.Marker),
                new LegendEntry("1σ ellipses", ChartStyle.AxisColour, LegendSymbol.Ellipse),
                new LegendEntry("2σ ellipses", ChartStyle.AxisColour, LegendSymbol.DashedLine),
            ],
        };
    }
}
