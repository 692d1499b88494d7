using System.Xml.Linq;

namespace ProbLatent.Plotting;

/// <summary>A chart's title in bold and its subtitle in gray below it, centred and wrapped to the chart's width.</summary>
internal sealed class ChartTitle
{
    /// <summary>The space kept clear around a chart's contents.</summary>
    public const double Edge = 20;

    const double TitleLine = ChartStyle.TitleSize * 1.25;
    const double SubtitleLine = ChartStyle.SubtitleSize * 1.35;

    readonly IReadOnlyList<string> _title;
    readonly IReadOnlyList<string> _subtitle;
    readonly double _width;

    public ChartTitle(string title, string? subtitle, double width)
    {
        ArgumentNullException.ThrowIfNull(title);
        _width = width;
        _title = TextLines.Wrap(title, width - 2 * Edge, ChartStyle.TitleSize);
        _subtitle = subtitle is null ? [] : TextLines.Wrap(subtitle, width - 2 * Edge, ChartStyle.SubtitleSize);
    }

    /// <summary>Where the content below the titles may start.</summary>
    public double Bottom => Edge + _title.Count * TitleLine + _subtitle.Count * SubtitleLine + 12;

    public IEnumerable<XElement> Draw()
    {
        double y = Edge + ChartStyle.TitleSize / 2;
        foreach (var line in _title)
        {
            yield return Svg.Text(_width / 2, y, line, ChartStyle.TitleSize, "middle", bold: true);
            y += TitleLine;
        }
        y += ChartStyle.SubtitleSize / 2 - ChartStyle.TitleSize / 2 + 2;
        foreach (var line in _subtitle)
        {
            yield return Svg.Text(_width / 2, y, line, ChartStyle.SubtitleSize, "middle", ChartStyle.MutedTextColour);
            y += SubtitleLine;
        }
    }
}
