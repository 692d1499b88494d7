using ProbLatent.Backends;
using ProbLatent.Cli.Output;
using ProbLatent.LatentModels;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// <c>compare --report DIR</c>: the table (<c>table.md</c>), the results for machines (<c>results.json</c>, as
/// <c>--json</c> prints them), the objective trace of every backend on one chart (<c>elbo-trace.svg</c>), the plots each
/// fitted model suits — a Gaussian mixture's or a mixture of factor analysers' clusters, PPCA's or factor analysis's principal directions, a Bernoulli
/// mixture's component images — and <c>report.html</c>, which shows them all in a browser.
/// </summary>
public static class CompareReport
{
    public const string TableFile = "table.md";
    public const string ResultsFile = "results.json";

    public static void Write(ReportFolder folder, CompareResults results)
    {
        var title = results.Model.Name == results.Data.Source ? $"compare: {results.Model.Name}" : $"compare: {results.Model.Name} on {results.Data.Source}";
        var notes = CompareTable.Notes(results);
        folder.WriteText(TableFile,
            $"# {title}\n\n{results.Model}\n\ndata: {results.DataDescription}\n\n{CompareTable.Markdown(results.Rows)}\n" +
            string.Concat(notes.Select(n => $"{n}\n\n")));
        folder.WriteText(ResultsFile, CompareJson.Serialize(results));

        var page = new HtmlPage(title);
        page.Paragraph(results.Model.ToString());
        page.Paragraph($"data: {results.DataDescription}");
        page.Table(CompareTable.Headers, results.Rows.Select(CompareTable.Cells));
        foreach (var note in notes) page.Paragraph(note, note: true);
        page.Paragraph($"The numbers: {TableFile}, and for machines {ResultsFile}.", note: true);

        var fits = results.Fits;
        if (fits.Count > 0)
        {
            folder.WriteSvg(ReportFolder.TraceFile, TracePlot.Of(fits, results.Data.Source).Render());
            page.Heading("Objective per iteration");
            page.Figure(ReportFolder.TraceFile, "Each backend's objective per iteration, per data point; dashed: the exact log-likelihood at each fit's final parameters.");
        }
        foreach (var fit in fits)
            if (ModelPlot(results, fit) is var (name, caption, svg))
            {
                folder.WriteSvg(name, svg);
                page.Heading(fit.Backend);
                page.Figure(name, caption);
            }
        folder.WriteText(ReportFolder.PageFile, page.Render());
    }

    /// <summary>The plot that shows what <paramref name="fit"/> learned, or null when its model has none (more than 2-D boolean latents, say).</summary>
    static (string File, string Caption, SvgDocument Svg)? ModelPlot(CompareResults results, FitResult fit)
    {
        var data = results.Data;
        return fit.Parameters switch
        {
            var parameters when ClusterPlot.Shows(parameters) && data.Columns >= 2 =>
                ($"clusters-{fit.Backend}.svg", $"{fit.Backend}: the data coloured by the most probable component, with each component's mean and 1σ and 2σ ellipses.",
                    ClusterPlot.Of(data, fit).Render()),
            LinearGaussianModel when data.Columns >= 2 =>
                ($"directions-{fit.Backend}.svg", $"{fit.Backend}: the data with the fitted mean, principal directions and marginal ellipses.",
                    DirectionPlot.Of(data, fit).Render()),
            BernoulliMixture mixture when ImageGrid.SquareSide(mixture.Dimension) is not null =>
                ($"components-{fit.Backend}.svg", $"{fit.Backend}: each component's pixel probabilities, heaviest first.",
                    ComponentImages.Of(fit, data.Source).Render()),
            _ => null,
        };
    }
}
