using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>The shapes charts and legends share: dashes, diamonds for marked points, arrows.</summary>
internal static class ScatterStyle
{
    /// <summary>The dash pattern of reference lines and outer ellipses.</summary>
    public const string Dash = "9 6";

    /// <summary>A diamond centred on (x, y), <paramref name="size"/> pixels from the centre to each corner.</summary>
    public static IEnumerable<(double X, double Y)> Diamond(double x, double y, double size) =>
        [(x, y - size), (x + size, y), (x, y + size), (x - size, y)];

    /// <summary>An arrow from one pixel position to another: a shaft and a filled head at the end.</summary>
    public static IEnumerable<XElement> Arrow(double x1, double y1, double x2, double y2, string colour, double width = 3)
    {
        double dx = x2 - x1, dy = y2 - y1, length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1e-9) yield break;
        double ux = dx / length, uy = dy / length;
        double head = Math.Min(16, length * 0.6), half = head * 0.45;
        // The shaft stops where the head begins, so its square end does not poke through the point.
        double baseX = x2 - ux * head, baseY = y2 - uy * head;
        yield return Svg.Line(x1, y1, baseX + ux, baseY + uy, colour, width);
        yield return Svg.Polygon([(x2, y2), (baseX - uy * half, baseY + ux * half), (baseX + uy * half, baseY - ux * half)], colour);
    }
}
