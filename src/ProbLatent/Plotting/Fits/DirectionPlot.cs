using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A PPCA or factor-analysis fit over its data: the points, the fitted mean, the principal directions of W as arrows from
/// the mean, and the 1σ and 2σ ellipses of the fitted marginal N(μ, W Wᵀ + Ψ).
/// </summary>
/// <remarks>
/// W is identified only up to a rotation of the latent space (EM and VMP return any rotation), so the arrows are not W's
/// columns but its left singular vectors scaled by the singular values, W = U S Vᵀ → the columns of U S: the orthogonal
/// axes of W Wᵀ, whatever the rotation, each as long as the standard deviation of W z along it. Data of more than two
/// columns is shown on the two with the largest variance, and the arrows and ellipses are projected onto them.
/// </remarks>
public static class DirectionPlot
{
    /// <exception cref="ArgumentException">The fit is not a linear-Gaussian model of the data's dimension.</exception>
    public static ScatterChart Of(DataMatrix data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Parameters is not LinearGaussianModel model)
            throw new ArgumentException($"a principal-direction plot shows PPCA or factor analysis; {fit.Backend}'s fit is a {fit.Parameters.Family}");
        if (data.Columns != model.Dimension)
            throw new ArgumentException($"{data.Source} has {data.Columns} columns but {fit.Backend}'s model has {model.Dimension}");

        var columns = PlotColumns.Choose(data);
        var (x, y) = columns.Values(data);
        double mx = model.Mean[columns.X], my = model.Mean[columns.Y];
        var svd = model.Loadings.Svd(computeVectors: true);
        var arrows = new List<ScatterArrow>();
        for (int i = 0; i < model.LatentDimension; i++)
        {
            double s = svd.S[i];
            arrows.Add(new ScatterArrow(
                string.Create(CultureInfo.InvariantCulture, $"direction {i + 1}: sd {s:G3}"),
                mx, my, mx + s * svd.U[columns.X, i], my + s * svd.U[columns.Y, i], Palette.Colour(1 + i)));
        }
        var name = model.IsIsotropic ? "PPCA" : "factor analysis";
        return new ScatterChart
        {
            Title = $"{fit.Backend}: {name} directions on {DataName.Of(data.Source)}",
            Subtitle = "arrows: the principal axes of W Wᵀ from the mean, each one standard deviation of W z long; " +
                       "ellipses: the fitted N(μ, W Wᵀ + Ψ)" + (columns.Note is null ? "" : $"; {columns.Note}, onto which all is projected"),
            XTitle = columns.XName,
            YTitle = columns.YName,
            Groups = [new PointGroup($"data, {Counted.Of(data.Rows, "point")}", x, y, "#8fa8c8")],
            Markers = [new ScatterMarker(mx, my, "white", "fitted mean μ")],
            Ellipses = columns.Ellipses(model.Mean, model.MarginalCovariance(), ChartStyle.AxisColour, "1σ of N(μ, WWᵀ + Ψ)", "2σ"),
            Arrows = arrows,
        };
    }
}
