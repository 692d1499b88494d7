using System.Globalization;
using ProbLatent.Selection;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A model selection's criteria against the model's size, as mclust's <c>plot(mclustBIC(...))</c> draws its BIC: one line
/// each for BIC, AIC and (for mixtures) ICL, all twice a penalised log-likelihood and larger better, and for a fit with a
/// posterior over its parameters (VMP) twice its ELBO, on the same scale as 2 log L; the best size by BIC is marked.
/// </summary>
public static class SelectionPlot
{
    /// <param name="sizeName">What the size is, for the axis: "components (K)", "latent dimension (Q)".</param>
    /// <param name="source">The data's name, for the title.</param>
    /// <exception cref="ArgumentException">The selection has no candidates.</exception>
    public static LineChart Of(SelectionResult result, string sizeName, string source)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Candidates.Count == 0) throw new ArgumentException("a selection plot needs at least one fitted size");
        var candidates = result.Candidates.OrderBy(c => c.Size).ToArray();
        var x = candidates.Select(c => (double)c.Size).ToArray();
        var series = new List<LineSeries>();
        foreach (var criterion in result.Criteria)
        {
            var label = criterion == Criterion.Elbo ? "2 × ELBO (θ integrated out)" : criterion.ToString().ToUpperInvariant();
            double scale = criterion == Criterion.Elbo ? 2 : 1;
            series.Add(new LineSeries(label, x, candidates.Select(c => scale * c.Value(criterion)!.Value).ToArray(), Palette.Colour(series.Count)));
        }
        var best = result.Best(Criterion.Bic)!;
        series.Add(new LineSeries(string.Create(CultureInfo.InvariantCulture, $"best by BIC: {best.Size}"), [best.Size], [best.Bic], Palette.Colour(series.Count)));
        return new LineChart
        {
            Title = $"Model selection on {DataName.Of(source)}",
            Subtitle = string.Create(CultureInfo.InvariantCulture,
                $"N = {result.DataCount:N0}; larger is better (mclust's convention): BIC = 2 log L − p log N, AIC = 2 log L − 2p") +
                (result.Criteria.Contains(Criterion.Icl) ? ", ICL = BIC + 2 Σ log ẑ" : ""),
            XTitle = sizeName,
            YTitle = "criterion (2 × penalised log-likelihood)",
            Series = series,
            IntegerX = true,
        };
    }
}
