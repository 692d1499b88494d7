using Spectre.Console;

namespace ProbLatent.Cli.Output;

/// <summary>
/// A table of text cells as the commands print it (a Spectre table) and as reports write it (Markdown): the first column,
/// which names the row, left-aligned, the numbers right-aligned.
/// </summary>
public static class TextTable
{
    public static Table ForConsole(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table();
        table.AddColumn(new TableColumn(new Text(headers[0])));
        foreach (var header in headers.Skip(1)) table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var row in rows) table.AddRow(row.Select(c => new Text(c)).ToArray());
        return table;
    }

    /// <summary>A GitHub-flavoured Markdown table (pipes in cells escaped), numbers right-aligned.</summary>
    public static string Markdown(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        static string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|"))) + " |";
        var lines = new List<string> { Line(headers), "|---|" + string.Concat(Enumerable.Repeat("---:|", headers.Count - 1)) };
        lines.AddRange(rows.Select(Line));
        return string.Join("\n", lines) + "\n";
    }
}
