namespace ProbLatent.Plotting;

/// <summary>
/// Sizes and colours every chart shares, chosen for a lecture slide: a 960-pixel-wide chart shown full width keeps its
/// tick labels at about the size of body text.
/// </summary>
public static class ChartStyle
{
    /// <summary>Browsers and librsvg pick the first family they have.</summary>
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    public const double TitleSize = 24;
    public const double SubtitleSize = 16;
    public const double AxisTitleSize = 19;
    public const double TickLabelSize = 16;
    public const double LegendSize = 16;

    public const string TextColour = "#222222";
    public const string MutedTextColour = "#555555";
    public const string AxisColour = "#444444";
    public const string GridColour = "#e3e3e3";

    public const double DefaultWidth = 960;
    public const double DefaultHeight = 580;

    /// <summary>
    /// The width text takes, estimated from its length: 0.6 em a character, about the mean advance of DejaVu Sans (the
    /// widest of the families above) over lower-case letters, digits and spaces, so layouts leave room for it in any of them.
    /// </summary>
    public static double TextWidth(string text, double fontSize) => text.Length * 0.6 * fontSize;
}
