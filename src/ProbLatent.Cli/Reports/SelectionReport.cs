using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.Plotting.Fits;
using ProbLatent.Selection;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// <c>select --report DIR</c>: the table (<c>table.md</c>), the criteria against the size (<c>criteria.svg</c>), the plot
/// the best model by BIC suits (<see cref="FitPlots"/>), and <c>report.html</c>, which shows them.
/// </summary>
public static class SelectionReport
{
    public static void Write(ReportFolder folder, string title, DataMatrix data, SelectionResult result, string label, string sizeName)
    {
        var headers = SelectionTable.Headers(result, label);
        var rows = SelectionTable.Rows(result).ToArray();
        var notes = SelectionTable.Notes(result, label);
        var heading = $"select: {title} on {data.Source}";
        folder.WriteText(Commands.SelectCommand.TableFile,
            $"# {heading}\n\ndata: {Format.Data(data)}\n\n{TextTable.Markdown(headers, rows)}\n" + string.Concat(notes.Select(n => $"{n}\n\n")));

        var page = new HtmlPage(heading);
        page.Paragraph($"data: {Format.Data(data)}");
        page.Table(headers, rows);
        foreach (var note in notes) page.Paragraph(note, note: true);
        folder.WriteSvg(Commands.SelectCommand.CriteriaFile, SelectionPlot.Of(result, sizeName, data.Source).Render());
        page.Heading("Criteria against the size");
        page.Figure(Commands.SelectCommand.CriteriaFile, "Each criterion against the size (larger is better); the dot marks the best size by BIC.");
        var best = result.Best(Criterion.Bic)!;
        var plots = FitPlots.For(data, best.Fit, $"best-{label}{best.Size}");
        if (plots.Count > 0) page.Heading($"The best by BIC: {label} = {best.Size}");
        foreach (var (file, caption, svg) in plots)
        {
            folder.WriteSvg(file, svg);
            page.Figure(file, caption);
        }
        folder.WriteText(ReportFolder.PageFile, page.Render());
    }
}
