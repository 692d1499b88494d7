using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>
/// Lines on shared axes — one per series, in the palette's colours unless given — with horizontal dashed reference
/// lines, titled axes and a legend beside the plot. Short series (up to <see cref="MarkerLimit"/> points) also mark each point.
/// </summary>
public sealed record LineChart
{
    /// <summary>Series with at most this many points get a dot at each point.</summary>
    public const int MarkerLimit = 40;

    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string XTitle { get; init; }
    public required string YTitle { get; init; }
    public IReadOnlyList<LineSeries> Series { get; init; } = [];
    public IReadOnlyList<ReferenceLine> ReferenceLines { get; init; } = [];

    /// <summary>x ticks at whole numbers only (iterations, epochs).</summary>
    public bool IntegerX { get; init; }

    /// <summary>A logarithmic x axis (x must be positive): for iterations from 1 to thousands, where fits that converge in ten and in a thousand iterations both show.</summary>
    public bool LogX { get; init; }

    /// <summary>
    /// The lowest y the axis shows, when given: the values below it (the first iterations of a long climb, which would
    /// squash the rest) leave the frame, and the subtitle should say so.
    /// </summary>
    public double? YMinimum { get; init; }

    public double Width { get; init; } = ChartStyle.DefaultWidth;
    public double Height { get; init; } = ChartStyle.DefaultHeight;

    /// <exception cref="ArgumentException">Nothing to plot, a series without points or with a NaN or infinite value, a missing label.</exception>
    public SvgDocument Render()
    {
        if (Series.Count == 0 && ReferenceLines.Count == 0) throw new ArgumentException($"line chart '{Title}' has no series and no reference lines to plot");
        foreach (var s in Series)
        {
            ChartInput.Label(s.Label, $"a series of line chart '{Title}'");
            ChartInput.Points($"series '{s.Label}'", s.X, s.Y);
            if (s.Smoothing < 1) throw new ArgumentException($"series '{s.Label}': smoothing is over at least 1 point, got {s.Smoothing}");
        }
        foreach (var r in ReferenceLines)
        {
            ChartInput.Label(r.Label, $"a reference line of line chart '{Title}'");
            ChartInput.Finite($"reference line '{r.Label}'", r.Y);
        }
        if (YMinimum is { } floor) ChartInput.Finite("the y minimum", floor);

        var colours = Series.Select((s, i) => s.Colour ?? Palette.Colour(i)).ToArray();
        var referenceColours = ReferenceLines.Select((r, i) => r.Colour ?? Palette.Colour(Series.Count + i)).ToArray();
        var xValues = Series.SelectMany(s => s.X).ToList();
        var yValues = Series.SelectMany(s => s.Y).Concat(ReferenceLines.Select(r => r.Y)).ToList();
        if (YMinimum is { } minimum)
        {
            yValues = yValues.Where(v => v >= minimum).Append(minimum).ToList();
        }
        IAxisScale x = LogX ? LogScale.For(xValues.DefaultIfEmpty(1))
            : xValues.Count > 0 ? NiceScale.For(xValues, integers: IntegerX) : NiceScale.Between(0, 1, integers: IntegerX);
        var y = NiceScale.For(yValues);

        var legend = new Legend(
            Series.Select((s, i) => new LegendEntry(s.Label, colours[i], LegendSymbol.Line))
                .Concat(ReferenceLines.Select((r, i) => new LegendEntry(r.Label, referenceColours[i], LegendSymbol.DashedLine))));
        var area = new PlotArea(Width, Height, Title, Subtitle, x, XTitle, y, YTitle, legend);
        var svg = new SvgDocument(Width, Height, Title);
        svg.Add(area.Frame().ToArray());

        var data = new List<XElement>();
        for (int i = 0; i < ReferenceLines.Count; i++)
            data.Add(Svg.Line(area.Left, area.Y(ReferenceLines[i].Y), area.Right, area.Y(ReferenceLines[i].Y), referenceColours[i], 2.5, ScatterStyle.Dash));
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var points = Enumerable.Range(0, s.X.Count).Select(j => (area.X(s.X[j]), area.Y(s.Y[j]))).ToArray();
            if (s.Smoothing > 1)
            {
                var raw = Svg.Polyline(points, colours[i], 1);
                raw.SetAttributeValue("stroke-opacity", "0.3");
                data.Add(raw);
                var smoothed = s.Smoothed();
                points = Enumerable.Range(0, s.X.Count).Select(j => (area.X(s.X[j]), area.Y(smoothed[j]))).ToArray();
            }
            if (points.Length > 1) data.Add(Svg.Polyline(points, colours[i], 2.5));
            if (points.Length <= MarkerLimit) data.AddRange(points.Select(p => Svg.Circle(p.Item1, p.Item2, 4, colours[i])));
        }
        svg.Add(area.Clipped(data));
        return svg;
    }
}
