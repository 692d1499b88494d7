using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>
/// The frame every chart draws its data in: the title and subtitle above, tick labels and axis titles below and to the
/// left, the legend to the right, and the rectangle between them with its grid. Margins are computed from the text they
/// hold, so labels never overlap the data or each other.
/// </summary>
internal sealed class PlotArea
{
    /// <summary>The clip path that keeps data inside the frame (one per drawing: charts are separate files).</summary>
    public const string ClipId = "plot-area";

    const double Edge = ChartTitle.Edge;
    const double TickLength = 6;

    readonly ChartTitle _title;

    public PlotArea(double width, double height, string title, string? subtitle, IAxisScale x, string xTitle, IAxisScale y, string yTitle, Legend legend)
    {
        Width = width;
        Height = height;
        XScale = x;
        YScale = y;
        XTitle = xTitle;
        YTitle = yTitle;
        Legend = legend;
        _title = new ChartTitle(title, subtitle, width);

        double tickLabels = y.Ticks.Select(t => ChartStyle.TextWidth(y.Label(t), ChartStyle.TickLabelSize)).DefaultIfEmpty(0).Max();
        Left = Edge + ChartStyle.AxisTitleSize + 14 + tickLabels + TickLength + 4;
        Top = _title.Bottom + 4;
        Right = width - Edge - (legend.Count > 0 ? legend.Width + 20 : 10);
        Bottom = height - Edge - ChartStyle.AxisTitleSize - 14 - ChartStyle.TickLabelSize - TickLength - 6;
        if (Right - Left < 100 || Bottom - Top < 100)
            throw new ArgumentException($"a {width}×{height} chart leaves no room to plot in beside its titles and legend; make it larger");
        if (legend.Height > height - Top - Edge)
            throw new ArgumentException($"a legend of {legend.Count} entries does not fit a chart {height} pixels high; make it taller");
    }

    public double Width { get; }
    public double Height { get; }
    public IAxisScale XScale { get; }
    public IAxisScale YScale { get; }
    public string XTitle { get; }
    public string YTitle { get; }
    public Legend Legend { get; }

    public double Left { get; }
    public double Top { get; }
    public double Right { get; }
    public double Bottom { get; }

    /// <summary>The pixel column of a data x.</summary>
    public double X(double value) => XScale.Map(value, Left, Right);

    /// <summary>The pixel row of a data y (up is larger).</summary>
    public double Y(double value) => YScale.Map(value, Bottom, Top);

    /// <summary>Titles, grid, frame, ticks and their labels, the clip path, and the legend.</summary>
    public IEnumerable<XElement> Frame()
    {
        foreach (var element in _title.Draw()) yield return element;
        yield return Svg.ClipRect(ClipId, Left, Top, Right - Left, Bottom - Top);
        foreach (var t in XScale.Ticks) yield return Svg.Line(X(t), Top, X(t), Bottom, ChartStyle.GridColour);
        foreach (var t in YScale.Ticks) yield return Svg.Line(Left, Y(t), Right, Y(t), ChartStyle.GridColour);
        yield return Svg.Rect(Left, Top, Right - Left, Bottom - Top, stroke: ChartStyle.AxisColour, strokeWidth: 1.2);

        foreach (var t in XScale.Ticks)
        {
            yield return Svg.Line(X(t), Bottom, X(t), Bottom + TickLength, ChartStyle.AxisColour, 1.2);
            yield return Svg.Text(X(t), Bottom + TickLength + 4 + ChartStyle.TickLabelSize / 2, XScale.Label(t), ChartStyle.TickLabelSize, "middle");
        }
        foreach (var t in YScale.Ticks)
        {
            yield return Svg.Line(Left - TickLength, Y(t), Left, Y(t), ChartStyle.AxisColour, 1.2);
            yield return Svg.Text(Left - TickLength - 4, Y(t), YScale.Label(t), ChartStyle.TickLabelSize, "end");
        }
        yield return Svg.Text((Left + Right) / 2, Height - Edge - ChartStyle.AxisTitleSize / 2, XTitle, ChartStyle.AxisTitleSize, "middle");
        yield return Svg.Text(Edge + ChartStyle.AxisTitleSize / 2, (Top + Bottom) / 2, YTitle, ChartStyle.AxisTitleSize, "middle", rotate: -90);

        foreach (var element in Legend.Draw(Right + 20, Top)) yield return element;
    }

    /// <summary>Data drawn inside the frame only.</summary>
    public XElement Clipped(IEnumerable<XElement> elements) => Svg.Group(ClipId, elements.ToArray());
}
