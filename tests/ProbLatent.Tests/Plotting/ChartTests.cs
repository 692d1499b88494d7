using System.Globalization;
using ProbLatent.Plotting;

namespace ProbLatent.Tests.Plotting;

public class ChartTests
{
    static LineChart Trace(IReadOnlyList<LineSeries>? series = null, IReadOnlyList<ReferenceLine>? lines = null) => new()
    {
        Title = "Objective <per> iteration & more",
        Subtitle = "a \"quoted\" subtitle",
        XTitle = "iteration",
        YTitle = "nats per data point",
        Series = series ?? [LineSeries.Numbered("em", [-5.1, -4.3, -4.16]), LineSeries.Numbered("vmp", [-6, -5, -4.6, -4.58])],
        ReferenceLines = lines ?? [new ReferenceLine("log p(x | θ) at em's θ", -4.155)],
        IntegerX = true,
    };

    [Fact]
    public void ALineChartIsWellFormedSvgWithTitlesAxesAndLegend()
    {
        var root = SvgAssert.Parse(Trace().Render());
        var texts = SvgAssert.Texts(root);
        // Markup characters in titles are escaped, not broken XML, and come back as written.
        Assert.Contains("Objective <per> iteration & more", texts);
        Assert.Contains("a \"quoted\" subtitle", texts);
        Assert.Contains("iteration", texts);
        Assert.Contains("nats per data point", texts);
        Assert.Contains("em", texts);
        Assert.Contains("vmp", texts);
        Assert.Contains("log p(x | θ) at em's θ", texts);
        // The y title is turned to read upwards.
        Assert.Contains(SvgAssert.All(root, "text"), t => t.Value == "nats per data point" && t.Attribute("transform")!.Value.StartsWith("rotate(-90", StringComparison.Ordinal));
        // One line per series inside the clipped plot area, a dot per point (short series), and a dashed reference line.
        var plot = Assert.Single(SvgAssert.All(root, "g"), g => g.Attribute("clip-path") is not null);
        Assert.Equal(2, plot.Elements().Count(e => e.Name.LocalName == "polyline"));
        Assert.Equal(7, plot.Elements().Count(e => e.Name.LocalName == "circle"));
        Assert.Single(plot.Elements(), e => e.Name.LocalName == "line" && e.Attribute("stroke-dasharray") is not null);
        // Integer x ticks for iterations: 1 to 4.
        Assert.Equal(["1", "2", "3", "4"], texts.Where(t => t.Length == 1 && char.IsDigit(t[0])));
    }

    [Fact]
    public void TheSameChartGivesTheSameBytes()
    {
        Assert.Equal(Trace().Render().ToString(), Trace().Render().ToString());
    }

    // A culture whose minus sign is U+2212 (as sv-SE's) and whose decimal separator is a comma (as de-DE's), built by
    // hand because machines without ICU know only the invariant culture: a logarithmic axis below 1 has negative
    // powers of ten, and coordinates have decimals.
    [Fact]
    public void AChartIsTheSameInEveryCulture()
    {
        var chart = Trace(series: [new LineSeries("em", [0.5, 1, 20, 300], [-5.1, -4.3, -4.2, -4.16])]) with { LogX = true, IntegerX = false };
        var invariant = chart.Render().ToString();
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal(invariant, chart.Render().ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void DataStaysInsideTheFrameAndTicksOnTheAxis()
    {
        var root = SvgAssert.Parse(Trace().Render());
        var clip = SvgAssert.All(root, "clipPath").Single().Elements().Single();
        double left = SvgAssert.Number(clip, "x"), top = SvgAssert.Number(clip, "y");
        double right = left + SvgAssert.Number(clip, "width"), bottom = top + SvgAssert.Number(clip, "height");
        var plot = SvgAssert.All(root, "g").Single(g => g.Attribute("clip-path") is not null);
        foreach (var circle in plot.Elements().Where(e => e.Name.LocalName == "circle"))
        {
            Assert.InRange(SvgAssert.Number(circle, "cx"), left, right);
            Assert.InRange(SvgAssert.Number(circle, "cy"), top, bottom);
        }
        // Tick labels sit left of the frame (y) and below it (x), within the drawing.
        double width = SvgAssert.Number(root, "width"), height = SvgAssert.Number(root, "height");
        foreach (var text in SvgAssert.All(root, "text"))
        {
            Assert.InRange(SvgAssert.Number(text, "x"), 0, width);
            Assert.InRange(SvgAssert.Number(text, "y"), 0, height);
        }
    }

    [Fact]
    public void NaNInASeriesIsRejectedNamingTheSeriesAndThePoint()
    {
        var chart = Trace([LineSeries.Numbered("vmp", [-6, double.NaN, -4.6])]);
        var e = Assert.Throws<ArgumentException>(() => chart.Render());
        Assert.Contains("series 'vmp'", e.Message);
        Assert.Contains("point 1", e.Message);
    }

    [Fact]
    public void EmptyChartsAndSeriesAreRejected()
    {
        Assert.Contains("no series", Assert.Throws<ArgumentException>(() => Trace([], []).Render()).Message);
        Assert.Contains("has no points", Assert.Throws<ArgumentException>(() => Trace([LineSeries.Numbered("em", [])]).Render()).Message);
        Assert.Contains("2 x values but 1 y values",
            Assert.Throws<ArgumentException>(() => Trace([new LineSeries("em", [1, 2], [3])]).Render()).Message);
        Assert.Contains("needs a label", Assert.Throws<ArgumentException>(() => Trace([LineSeries.Numbered(" ", [1])]).Render()).Message);
    }

    [Fact]
    public void AYMinimumCutsTheAxisAndALogAxisSpansTheIterations()
    {
        var series = LineSeries.Numbered("reparameterized", Enumerable.Range(1, 500).Select(i => -2.7 - 20.0 / i).ToArray());
        var chart = new LineChart
        {
            Title = "t", XTitle = "iteration", YTitle = "y", Series = [series], YMinimum = -3.5, LogX = true,
        };
        var texts = SvgAssert.Texts(SvgAssert.Parse(chart.Render()));
        // The y axis starts near the minimum, not at the first iteration's −22.7.
        Assert.Contains("−3.4", texts);
        Assert.DoesNotContain("−10", texts);
        Assert.DoesNotContain("−20", texts);
        Assert.Contains("100", texts);
        Assert.Contains("1", texts);
    }

    [Fact]
    public void SmoothingAveragesOverAWindowThatShiftsInwardAtTheEnds()
    {
        var series = LineSeries.Numbered("s", [0, 3, 6, 9, 12, 0]) with { Smoothing = 3 };
        Assert.Equal([3.0, 3, 6, 9, 7, 7], series.Smoothed());
    }

    static ScatterChart Clusters(IReadOnlyList<ScatterEllipse>? ellipses = null) => new()
    {
        Title = "clusters",
        XTitle = "eruptions",
        YTitle = "waiting",
        Groups = [new PointGroup("component 1", [1, 2, 3], [50, 55, 52]), new PointGroup("component 2", [4, 4.5], [80, 85])],
        Ellipses = ellipses ?? [new ScatterEllipse(2, 52, 0.5, 0.1, 4, 2, "#1f77b4", Dashed: true, Label: "2σ")],
        Markers = [new ScatterMarker(2, 52, "#1f77b4", "mean")],
        Arrows = [new ScatterArrow("direction 1", 2, 52, 3, 56, "#ff7f0e")],
    };

    [Fact]
    public void AScatterChartDrawsEveryPointTheEllipsesMarkersAndArrowsWithALegend()
    {
        var root = SvgAssert.Parse(Clusters().Render());
        var plot = SvgAssert.All(root, "g").Single(g => g.Attribute("clip-path") is not null);
        var circles = plot.Elements().Where(e => e.Name.LocalName == "circle").ToArray();
        Assert.Equal(5, circles.Length);
        Assert.Equal(3, circles.Count(c => c.Attribute("fill")!.Value == Palette.Colour(0)));
        Assert.Equal(2, circles.Count(c => c.Attribute("fill")!.Value == Palette.Colour(1)));
        var ellipse = Assert.Single(plot.Elements(), e => e.Name.LocalName == "polyline");
        Assert.NotNull(ellipse.Attribute("stroke-dasharray"));
        var texts = SvgAssert.Texts(root);
        foreach (var label in new[] { "component 1", "component 2", "mean", "2σ", "direction 1", "eruptions", "waiting" }) Assert.Contains(label, texts);
    }

    [Fact]
    public void AnEllipseIsTheContourOfItsCovarianceAtItsSize()
    {
        // Σ = diag(4, 1) at 2σ: an axis-aligned ellipse with half-axes 4 and 2, so its points satisfy (x/4)² + (y/2)² = 1.
        var chart = Clusters([new ScatterEllipse(0, 0, 4, 0, 1, 2, "black")]) with { Groups = [new PointGroup("p", [-5, 5], [-5, 5])], Markers = [], Arrows = [] };
        var root = SvgAssert.Parse(chart.Render());
        var clip = SvgAssert.All(root, "clipPath").Single().Elements().Single();
        double left = SvgAssert.Number(clip, "x"), top = SvgAssert.Number(clip, "y");
        double width = SvgAssert.Number(clip, "width"), height = SvgAssert.Number(clip, "height");
        var polyline = SvgAssert.All(root, "polyline").Single();
        foreach (var point in polyline.Attribute("points")!.Value.Split(' '))
        {
            var xy = point.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            // Back from pixels to data: the axes run from −5.4 to 5.4 (the data's range with its 4 % margins).
            double x = -5.4 + (xy[0] - left) / width * 10.8, y = 5.4 - (xy[1] - top) / height * 10.8;
            Assert.Equal(1, x * x / 16 + y * y / 4, 1);
        }
    }

    [Fact]
    public void ScatterInputErrorsAreClear()
    {
        Assert.Contains("no points", Assert.Throws<ArgumentException>(() => (Clusters() with { Groups = [] }).Render()).Message);
        Assert.Contains("point group 'g': point 0",
            Assert.Throws<ArgumentException>(() => (Clusters() with { Groups = [new PointGroup("g", [double.NaN], [1])] }).Render()).Message);
        Assert.Contains("positive semi-definite",
            Assert.Throws<ArgumentException>(() => Clusters([new ScatterEllipse(0, 0, 1, 2, 1, 1, "black")]).Render()).Message);
    }
}
