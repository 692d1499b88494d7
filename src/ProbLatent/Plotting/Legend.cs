using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>
/// A legend drawn beside the plot area, never over the data: one symbol and label per entry, long labels wrapped.
/// </summary>
internal sealed class Legend
{
    const double SymbolWidth = 30;
    const double Gap = 10;
    const double LineHeight = 20;
    const double EntrySpacing = 8;
    const double Padding = 10;
    /// <summary>Labels wrap beyond this width, so that a long label does not squeeze the plot.</summary>
    const double MaxLabelWidth = 320;

    readonly IReadOnlyList<(LegendEntry Entry, IReadOnlyList<string> Lines)> _entries;

    public Legend(IEnumerable<LegendEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.Select(e => (e, TextLines.Wrap(e.Label, MaxLabelWidth, ChartStyle.LegendSize))).ToArray();
        double labelWidth = _entries.Count == 0 ? 0
            : _entries.SelectMany(e => e.Lines).Max(l => ChartStyle.TextWidth(l, ChartStyle.LegendSize));
        Width = _entries.Count == 0 ? 0 : 2 * Padding + SymbolWidth + Gap + labelWidth;
        Height = _entries.Count == 0 ? 0
            : 2 * Padding + _entries.Sum(e => e.Lines.Count * LineHeight) + (_entries.Count - 1) * EntrySpacing;
    }

    public int Count => _entries.Count;
    public double Width { get; }
    public double Height { get; }

    /// <summary>The legend with its top-left corner at (x, y).</summary>
    public IEnumerable<XElement> Draw(double x, double y)
    {
        if (_entries.Count == 0) yield break;
        yield return Svg.Rect(x, y, Width, Height, fill: "white", stroke: ChartStyle.GridColour);
        double top = y + Padding;
        foreach (var (entry, lines) in _entries)
        {
            double middle = top + LineHeight / 2;
            foreach (var element in Symbol(entry, x + Padding, middle)) yield return element;
            for (int i = 0; i < lines.Count; i++)
                yield return Svg.Text(x + Padding + SymbolWidth + Gap, middle + i * LineHeight, lines[i], ChartStyle.LegendSize);
            top += lines.Count * LineHeight + EntrySpacing;
        }
    }

    static IEnumerable<XElement> Symbol(LegendEntry entry, double left, double middle)
    {
        double centre = left + SymbolWidth / 2, right = left + SymbolWidth;
        switch (entry.Symbol)
        {
            case LegendSymbol.Line:
                yield return Svg.Line(left, middle, right, middle, entry.Colour, 3);
                break;
            case LegendSymbol.DashedLine:
                yield return Svg.Line(left, middle, right, middle, entry.Colour, 2.5, ScatterStyle.Dash);
                break;
            case LegendSymbol.Point:
                yield return Svg.Circle(centre, middle, 5, entry.Colour);
                break;
            case LegendSymbol.Marker:
                yield return Svg.Polygon(ScatterStyle.Diamond(centre, middle, 8), entry.Colour, "black", 1.5);
                break;
            case LegendSymbol.Ellipse:
                yield return new XElement(Svg.Namespace + "ellipse", new XAttribute("cx", Svg.Number(centre)), new XAttribute("cy", Svg.Number(middle)),
                    new XAttribute("rx", Svg.Number(SymbolWidth / 2 - 1)), new XAttribute("ry", "7"), new XAttribute("fill", "none"),
                    new XAttribute("stroke", entry.Colour), new XAttribute("stroke-width", "2"));
                break;
            case LegendSymbol.Arrow:
                foreach (var part in ScatterStyle.Arrow(left, middle, right, middle, entry.Colour)) yield return part;
                break;
        }
    }
}
