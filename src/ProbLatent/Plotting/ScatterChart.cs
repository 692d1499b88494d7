using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>
/// Points in groups, each group in its own colour and named in the legend, with optional Gaussian ellipses, marked
/// locations (diamonds) and arrows drawn over them. The axes cover everything drawn.
/// </summary>
/// <remarks>
/// Points are drawn in one fixed shuffled order across the groups, not group after group, so that where groups overlap
/// none is hidden under the last one drawn; the order depends only on the number of points, so the file is the same on
/// every run.
/// </remarks>
public sealed record ScatterChart
{
    /// <summary>The number of straight segments an ellipse is drawn with.</summary>
    const int EllipseSegments = 96;

    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string XTitle { get; init; }
    public required string YTitle { get; init; }
    public IReadOnlyList<PointGroup> Groups { get; init; } = [];
    public IReadOnlyList<ScatterEllipse> Ellipses { get; init; } = [];
    public IReadOnlyList<ScatterMarker> Markers { get; init; } = [];
    public IReadOnlyList<ScatterArrow> Arrows { get; init; } = [];

    /// <summary>Horizontal dashed lines across the plot at given heights (an HMM's state means over time).</summary>
    public IReadOnlyList<ReferenceLine> Levels { get; init; } = [];

    /// <summary>Legend entries after those of the groups, markers, ellipses and arrows (one "1σ ellipse" for many ellipses).</summary>
    public IReadOnlyList<LegendEntry> Notes { get; init; } = [];

    /// <summary>The points' radius in pixels; by default 4, smaller for thousands of points.</summary>
    public double? PointRadius { get; init; }

    public double Width { get; init; } = ChartStyle.DefaultWidth;
    public double Height { get; init; } = ChartStyle.DefaultHeight;

    /// <exception cref="ArgumentException">No points, a group without points or with a NaN or infinite value, an ellipse whose covariance is not positive semi-definite.</exception>
    public SvgDocument Render()
    {
        if (Groups.Count == 0) throw new ArgumentException($"scatter chart '{Title}' has no points to plot");
        foreach (var g in Groups)
        {
            ChartInput.Label(g.Label, $"a point group of scatter chart '{Title}'");
            ChartInput.Points($"point group '{g.Label}'", g.X, g.Y);
        }
        var outlines = Ellipses.Select(Outline).ToArray();
        foreach (var m in Markers) ChartInput.Finite("a marker's position", m.X, m.Y);
        foreach (var l in Levels) ChartInput.Finite($"level '{l.Label}'", l.Y);
        foreach (var a in Arrows)
        {
            ChartInput.Label(a.Label, $"an arrow of scatter chart '{Title}'");
            ChartInput.Finite($"arrow '{a.Label}'", a.FromX, a.FromY, a.ToX, a.ToY);
        }

        var colours = Groups.Select((g, i) => g.Colour ?? Palette.Colour(i)).ToArray();
        var xs = Groups.SelectMany(g => g.X).Concat(outlines.SelectMany(o => o.Select(p => p.X)))
            .Concat(Markers.Select(m => m.X)).Concat(Arrows.SelectMany(a => new[] { a.FromX, a.ToX }));
        var ys = Groups.SelectMany(g => g.Y).Concat(outlines.SelectMany(o => o.Select(p => p.Y)))
            .Concat(Markers.Select(m => m.Y)).Concat(Arrows.SelectMany(a => new[] { a.FromY, a.ToY })).Concat(Levels.Select(l => l.Y));
        var legend = new Legend(
            Groups.Select((g, i) => new LegendEntry(g.Label, colours[i], LegendSymbol.Point))
                .Concat(Markers.Where(m => m.Label is not null).Select(m => new LegendEntry(m.Label!, m.Colour, LegendSymbol.Marker)))
                .Concat(Ellipses.Where(e => e.Label is not null)
                    .Select(e => new LegendEntry(e.Label!, e.Colour, e.Dashed ? LegendSymbol.DashedLine : LegendSymbol.Ellipse)))
                .Concat(Arrows.Select(a => new LegendEntry(a.Label, a.Colour, LegendSymbol.Arrow)))
                .Concat(Levels.Select((l, i) => new LegendEntry(l.Label, LevelColour(l, i), LegendSymbol.DashedLine)))
                .Concat(Notes));
        var area = new PlotArea(Width, Height, Title, Subtitle, NiceScale.For(xs), XTitle, NiceScale.For(ys), YTitle, legend);
        var svg = new SvgDocument(Width, Height, Title);
        svg.Add(area.Frame().ToArray());

        var data = new List<XElement>();
        int total = Groups.Sum(g => g.X.Count);
        double radius = PointRadius ?? (total > 2000 ? 2.2 : 4);
        double opacity = total > 2000 ? 0.55 : 0.75;
        foreach (var (group, index) in DrawingOrder())
            data.Add(Svg.Circle(area.X(Groups[group].X[index]), area.Y(Groups[group].Y[index]), radius, colours[group], opacity));
        for (int i = 0; i < Ellipses.Count; i++)
            data.Add(Svg.Polyline(outlines[i].Append(outlines[i][0]).Select(p => (area.X(p.X), area.Y(p.Y))), Ellipses[i].Colour, 2.5,
                Ellipses[i].Dashed ? ScatterStyle.Dash : null));
        foreach (var a in Arrows)
        {
            // A white halo under each arrow keeps it readable over dense points.
            data.AddRange(ScatterStyle.Arrow(area.X(a.FromX), area.Y(a.FromY), area.X(a.ToX), area.Y(a.ToY), "white", 7));
            data.AddRange(ScatterStyle.Arrow(area.X(a.FromX), area.Y(a.FromY), area.X(a.ToX), area.Y(a.ToY), a.Colour));
        }
        for (int i = 0; i < Levels.Count; i++)
            data.Add(Svg.Line(area.Left, area.Y(Levels[i].Y), area.Right, area.Y(Levels[i].Y), LevelColour(Levels[i], i), 2.5, ScatterStyle.Dash));
        foreach (var m in Markers)
            data.Add(Svg.Polygon(ScatterStyle.Diamond(area.X(m.X), area.Y(m.Y), 10), m.Colour, "black", 2));
        svg.Add(area.Clipped(data));
        return svg;
    }

    string LevelColour(ReferenceLine level, int index) => level.Colour ?? Palette.Colour(Groups.Count + index);

    /// <summary>Every point as (group, index), in an order shuffled with a fixed seed.</summary>
    IEnumerable<(int Group, int Index)> DrawingOrder()
    {
        var order = Groups.SelectMany((g, group) => Enumerable.Range(0, g.X.Count).Select(index => (group, index))).ToArray();
        new Random(0).Shuffle(order);
        return order;
    }

    /// <summary>The ellipse as points in data coordinates, from the eigen-decomposition of its 2×2 covariance.</summary>
    static (double X, double Y)[] Outline(ScatterEllipse e)
    {
        ChartInput.Finite("an ellipse's centre, covariance or size", e.CentreX, e.CentreY, e.VarianceX, e.Covariance, e.VarianceY, e.Sigmas);
        double a = e.VarianceX, b = e.Covariance, c = e.VarianceY;
        if (a < 0 || c < 0 || a * c - b * b < -1e-12 * Math.Max(a * c, 1e-300) || e.Sigmas <= 0)
            throw new ArgumentException($"an ellipse needs a positive semi-definite covariance [[{a}, {b}], [{b}, {c}]] and a positive size, got {e.Sigmas} σ");
        double mean = (a + c) / 2, radius = Math.Sqrt((a - c) * (a - c) / 4 + b * b);
        double major = Math.Sqrt(mean + radius), minor = Math.Sqrt(Math.Max(0, mean - radius));
        double angle = 0.5 * Math.Atan2(2 * b, a - c), cos = Math.Cos(angle), sin = Math.Sin(angle);
        var points = new (double X, double Y)[EllipseSegments];
        for (int i = 0; i < EllipseSegments; i++)
        {
            double t = 2 * Math.PI * i / EllipseSegments;
            double u = e.Sigmas * major * Math.Cos(t), v = e.Sigmas * minor * Math.Sin(t);
            points[i] = (e.CentreX + u * cos - v * sin, e.CentreY + u * sin + v * cos);
        }
        return points;
    }
}
