using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using MathNet.Numerics.LinearAlgebra;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A Gaussian mixture fit over its data: each point coloured by its most probable component under the backend's q(z),
/// each component's mean as a diamond and its 1σ and 2σ ellipses. Data of more than two columns is shown on the two
/// with the largest variance (<see cref="PlotColumns"/>), with the components' marginals on them, which are exact: the
/// marginal of a Gaussian on two coordinates is the 2×2 block of its mean and covariance. A mixture of factor analysers
/// or of PPCA is drawn the same way: its marginal is a Gaussian mixture with covariances Wₖ Wₖᵀ + Ψₖ.
/// </summary>
public static class ClusterPlot
{
    /// <summary>Whether <see cref="Of"/> draws these parameters: a Gaussian mixture, or a mixture of factor analysers or of PPCA.</summary>
    public static bool Shows(ILatentModel parameters) => parameters is GaussianMixture or MixtureOfFactorAnalysers;

    /// <exception cref="ArgumentException">The fit is not a mixture <see cref="Shows"/> draws, or the data is not the data it was fitted to.</exception>
    public static ScatterChart Of(DataMatrix data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var mixture = Marginal.Of(fit)
            ?? throw new ArgumentException($"a cluster plot shows a Gaussian mixture or a mixture of factor analysers; {fit.Backend}'s fit is a {fit.Parameters.Family}");
        if (data.Rows != fit.LatentPosterior.Count || data.Columns != fit.Parameters.DataDimension)
            throw new ArgumentException($"{data.Source} ({data.Rows}×{data.Columns}) is not the data {fit.Backend} fitted ({fit.LatentPosterior.Count}×{fit.Parameters.DataDimension})");

        var columns = PlotColumns.Choose(data);
        var (x, y) = columns.Values(data);
        int k = mixture.Weights.Count;
        var assignment = mixture.Responsibilities.MostProbable();
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
            Title = $"{fit.Backend}: a {k}-component {mixture.Name} on {DataName.Of(data.Source)}",
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

/// <summary>What a cluster plot draws of a fitted mixture: its weights, each component's marginal mean and covariance, and q(c).</summary>
file sealed record Marginal(string Name, IReadOnlyList<double> Weights, Func<int, IReadOnlyList<double>> Mean, Func<int, Matrix<double>> Covariance,
    DiscretePosterior Responsibilities)
{
    public static Marginal? Of(FitResult fit) => (fit.Parameters, fit.LatentPosterior) switch
    {
        (GaussianMixture g, DiscretePosterior q) => new("Gaussian mixture", g.Weights, c => g.Mean(c), g.Covariance, q),
        (MixtureOfFactorAnalysers m, FactorMixturePosterior q) => new(m.IsIsotropic ? "mixture of probabilistic PCA" : "mixture of factor analysers",
            m.Weights, c => m.Component(c).Mean, c => m.Component(c).MarginalCovariance(), q.Responsibilities),
        _ => null,
    };
}
