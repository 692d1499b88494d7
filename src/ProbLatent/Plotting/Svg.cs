using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>
/// Makes SVG elements with their attributes written in the invariant culture. Coordinates must be finite: a NaN that
/// reached a drawing is a bug in the chart, and is reported rather than written as an invisible shape.
/// </summary>
public static class Svg
{
    public static readonly XNamespace Namespace = "http://www.w3.org/2000/svg";

    /// <summary>A coordinate or size: at most two decimals (a hundredth of a pixel), no exponent, no "-0".</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"an SVG coordinate must be finite, got {value}", nameof(value));
        var text = Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>Text with the characters XML cannot hold (control characters) removed.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
        }
        return clean.ToString();
    }

    public static XElement Rect(double x, double y, double width, double height, string? fill = null, string? stroke = null, double strokeWidth = 1) =>
        Element("rect", ("x", Number(x)), ("y", Number(y)), ("width", Number(width)), ("height", Number(height)),
            ("fill", fill ?? "none"), ("stroke", stroke), ("stroke-width", stroke is null ? null : Number(strokeWidth)));

    public static XElement Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null) =>
        Element("line", ("x1", Number(x1)), ("y1", Number(y1)), ("x2", Number(x2)), ("y2", Number(y2)),
            ("stroke", stroke), ("stroke-width", Number(strokeWidth)), ("stroke-dasharray", dash));

    /// <summary>An open line through the points, with round joins so that a dense trace stays smooth.</summary>
    public static XElement Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 2, string? dash = null) =>
        Element("polyline", ("points", Points(points)), ("fill", "none"), ("stroke", stroke), ("stroke-width", Number(strokeWidth)),
            ("stroke-linejoin", "round"), ("stroke-linecap", "round"), ("stroke-dasharray", dash));

    /// <summary>A closed filled shape (an arrowhead, a diamond).</summary>
    public static XElement Polygon(IEnumerable<(double X, double Y)> points, string fill, string? stroke = null, double strokeWidth = 1) =>
        Element("polygon", ("points", Points(points)), ("fill", fill), ("stroke", stroke), ("stroke-width", stroke is null ? null : Number(strokeWidth)));

    public static XElement Circle(double cx, double cy, double r, string fill, double opacity = 1, string? stroke = null, double strokeWidth = 1) =>
        Element("circle", ("cx", Number(cx)), ("cy", Number(cy)), ("r", Number(r)), ("fill", fill),
            ("fill-opacity", opacity < 1 ? Number(opacity) : null), ("stroke", stroke), ("stroke-width", stroke is null ? null : Number(strokeWidth)));

    /// <summary>
    /// Text whose anchor point is (x, y): <paramref name="anchor"/> is start, middle or end horizontally, and the text is
    /// centred vertically on y (dy = 0.35 em, which every renderer honours, unlike dominant-baseline).
    /// </summary>
    public static XElement Text(double x, double y, string text, double size, string anchor = "start", string? fill = null,
        bool bold = false, double rotate = 0) =>
        new(Namespace + "text",
            Attributes(("x", Number(x)), ("y", Number(y)), ("dy", "0.35em"), ("font-size", Number(size)),
                ("text-anchor", anchor == "start" ? null : anchor), ("fill", fill ?? ChartStyle.TextColour),
                ("font-weight", bold ? "bold" : null),
                ("transform", rotate == 0 ? null : $"rotate({Number(rotate)} {Number(x)} {Number(y)})")),
            Clean(text));

    /// <summary>A group; <paramref name="clipPath"/> names a clip path defined in the drawing.</summary>
    public static XElement Group(string? clipPath = null, params XElement[] children) =>
        new(Namespace + "g", Attributes(("clip-path", clipPath is null ? null : $"url(#{clipPath})")), children);

    /// <summary>A clip path to the rectangle, referred to by <paramref name="id"/>.</summary>
    public static XElement ClipRect(string id, double x, double y, double width, double height) =>
        new(Namespace + "defs", new XElement(Namespace + "clipPath", new XAttribute("id", id), Rect(x, y, width, height)));

    /// <summary>A PNG image drawn with square pixels (no smoothing when scaled up).</summary>
    public static XElement Png(double x, double y, double width, double height, byte[] png) =>
        Element("image", ("x", Number(x)), ("y", Number(y)), ("width", Number(width)), ("height", Number(height)),
            ("preserveAspectRatio", "none"), ("image-rendering", "pixelated"), ("style", "image-rendering:pixelated"),
            ("href", "data:image/png;base64," + Convert.ToBase64String(png)));

    static string Points(IEnumerable<(double X, double Y)> points) => string.Join(" ", points.Select(p => $"{Number(p.X)},{Number(p.Y)}"));

    static XElement Element(string name, params (string Name, string? Value)[] attributes) => new(Namespace + name, Attributes(attributes));

    /// <summary>The attributes that have a value; a null value leaves the attribute out.</summary>
    static IEnumerable<XAttribute> Attributes(params (string Name, string? Value)[] attributes) =>
        attributes.Where(a => a.Value is not null).Select(a => new XAttribute(a.Name, a.Value!));
}
