namespace ExampleSupport;

/// <summary>
/// A plain-text table with aligned columns (the first left-aligned, the rest right-aligned, as numbers read best), for
/// example output that pastes into a README or a log unchanged. Linked into each example project from examples/Shared.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"a row needs {headers.Length} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((h, j) => _rows.Select(r => r[j].Length).Prepend(h.Length).Max()).ToArray();
        string Line(string[] cells) =>
            string.Join("  ", cells.Select((c, j) => j == 0 ? c.PadRight(widths[j]) : c.PadLeft(widths[j]))).TrimEnd();
        writer.WriteLine(Line(headers));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) writer.WriteLine(Line(row));
    }
}
