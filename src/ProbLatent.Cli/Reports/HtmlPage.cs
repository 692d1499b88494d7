using System.Net;
using System.Text;

namespace ProbLatent.Cli.Reports;

/// <summary>
/// A report page for a browser: headings, lines of text, a table, and the report's SVG charts shown from their files
/// beside the page (as images, so that each chart keeps its own ids). Every piece of text is HTML-escaped.
/// </summary>
public sealed class HtmlPage
{
    const string Style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
        table { border-collapse: collapse; font-size: 0.95em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; } th { background: #f3f3f3; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        p.note { color: #555; margin: 0.3em 0; }
        figure { margin: 1.2em 0; } img { max-width: 100%; border: 1px solid #ddd; }
        div.beside { display: flex; gap: 1em; } div.beside figure { flex: 1; margin: 1.2em 0 0 0; }
        figcaption { color: #555; font-size: 0.9em; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
        """;

    readonly StringBuilder _body = new();
    readonly string _title;

    public HtmlPage(string title) => _title = title;

    static string Escape(string text) => WebUtility.HtmlEncode(text);

    public void Heading(string text) => _body.Append("<h2>").Append(Escape(text)).Append("</h2>\n");

    public void Paragraph(string text, bool note = false) =>
        _body.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");

    public void Preformatted(string text) => _body.Append("<pre>").Append(Escape(text)).Append("</pre>\n");

    /// <summary>A table whose first column is text and the rest numbers (right-aligned).</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table>\n<tr>");
        foreach (var h in headers) _body.Append("<th>").Append(Escape(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
                _body.Append(i == 0 ? "<td>" : "<td class=\"number\">").Append(Escape(row[i])).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
    }

    /// <summary>Name–value rows without a header, as the command line prints its summaries.</summary>
    public void NameValues(IEnumerable<(string Name, string Value)> rows)
    {
        _body.Append("<table>\n");
        foreach (var (name, value) in rows) _body.Append("<tr><th>").Append(Escape(name)).Append("</th><td>").Append(Escape(value)).Append("</td></tr>\n");
        _body.Append("</table>\n");
    }

    /// <summary>A chart from a file in the same folder, with its caption.</summary>
    public void Figure(string file, string caption) =>
        _body.Append("<figure><img src=\"").Append(Escape(Uri.EscapeDataString(file))).Append("\" alt=\"").Append(Escape(caption))
            .Append("\"><figcaption>").Append(Escape(caption)).Append("</figcaption></figure>\n");

    /// <summary>Charts side by side, each with its caption, to be compared.</summary>
    public void FiguresBeside(params (string File, string Caption)[] figures)
    {
        _body.Append("<div class=\"beside\">\n");
        foreach (var (file, caption) in figures) Figure(file, caption);
        _body.Append("</div>\n");
    }

    public string Render() =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Escape(_title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n" +
        $"<h1>{Escape(_title)}</h1>\n{_body}</body>\n</html>\n";
}
