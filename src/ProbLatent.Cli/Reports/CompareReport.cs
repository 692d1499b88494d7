using ProbLatent.Backends;
using ProbLatent.Cli.Output;
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
        {
            var plots = FitPlots.For(results.Data, fit, fit.Backend);
            if (plots.Count > 0) page.Heading(fit.Backend);
            foreach (var (name, caption, svg) in plots)
            {
                folder.WriteSvg(name, svg);
                page.Figure(name, caption);
            }
        }
        folder.WriteText(ReportFolder.PageFile, page.Render());
    }
}
