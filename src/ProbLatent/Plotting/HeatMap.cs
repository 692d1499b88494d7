using System.Globalization;

namespace ProbLatent.Plotting;

/// <summary>
/// A matrix of values in [0, 1] drawn as a grid of cells, each shaded from white (0) to the first palette colour (1) and
/// labelled with its value, with the rows' and the columns' labels along the edges: a transition matrix, where the
/// colour shows the pattern and the label the number.
/// </summary>
public sealed record HeatMap
{
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string RowTitle { get; init; }
    public required string ColumnTitle { get; init; }
    public required IReadOnlyList<string> RowLabels { get; init; }
    public required IReadOnlyList<string> ColumnLabels { get; init; }

    /// <summary>The values, row-major, each in [0, 1].</summary>
    public required IReadOnlyList<double> Values { get; init; }

    const double Cell = 90, Margin = 70;

    /// <exception cref="ArgumentException">No rows or columns, values that do not fill the grid, or a value outside [0, 1].</exception>
    public SvgDocument Render()
    {
        int rows = RowLabels.Count, columns = ColumnLabels.Count;
        if (rows == 0 || columns == 0) throw new ArgumentException($"heat map '{Title}' has no rows or no columns");
        if (Values.Count != rows * columns)
            throw new ArgumentException($"heat map '{Title}' has {rows}×{columns} cells but {Values.Count} values");
        for (int i = 0; i < Values.Count; i++)
            if (!(Values[i] >= 0 && Values[i] <= 1))
                throw new ArgumentException($"heat map '{Title}': value {Values[i]} of cell ({i / columns}, {i % columns}) is not in [0, 1]");

        double top = Margin + (Subtitle is null ? 20 : 45), left = Margin + 40;
        double width = Math.Max(left + columns * Cell + 30, ChartStyle.TextWidth(Title, ChartStyle.TitleSize) + 40);
        double height = top + 40 + rows * Cell + 20;
        var svg = new SvgDocument(width, height, Title);
        svg.Add(Svg.Text(width / 2, 30, Title, ChartStyle.TitleSize, "middle", bold: true));
        if (Subtitle is not null) svg.Add(Svg.Text(width / 2, 58, Subtitle, ChartStyle.SubtitleSize, "middle", ChartStyle.MutedTextColour));
        svg.Add(Svg.Text(left + columns * Cell / 2, top, ColumnTitle, ChartStyle.AxisTitleSize, "middle"));
        svg.Add(Svg.Text(25, top + 40 + rows * Cell / 2, RowTitle, ChartStyle.AxisTitleSize, "middle", rotate: -90));
        double gridTop = top + 40;
        for (int c = 0; c < columns; c++)
            svg.Add(Svg.Text(left + (c + 0.5) * Cell, gridTop - 12, ColumnLabels[c], ChartStyle.TickLabelSize, "middle"));
        for (int r = 0; r < rows; r++)
        {
            svg.Add(Svg.Text(left - 10, gridTop + (r + 0.5) * Cell, RowLabels[r], ChartStyle.TickLabelSize, "end"));
            for (int c = 0; c < columns; c++)
            {
                double value = Values[r * columns + c];
                svg.Add(Svg.Rect(left + c * Cell, gridTop + r * Cell, Cell, Cell, Shade(value), "white", 2));
                // Dark cells take white text, light cells dark text: the label stays readable at either end.
                svg.Add(Svg.Text(left + (c + 0.5) * Cell, gridTop + (r + 0.5) * Cell, value.ToString("0.000", CultureInfo.InvariantCulture),
                    ChartStyle.TickLabelSize, "middle", value > 0.55 ? "white" : ChartStyle.TextColour));
            }
        }
        return svg;
    }

    /// <summary>White blended towards the first palette colour by <paramref name="value"/>.</summary>
    static string Shade(double value)
    {
        var full = Palette.Colour(0);
        int Channel(int at) => (int)Math.Round(255 + (Convert.ToInt32(full.Substring(at, 2), 16) - 255) * value);
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(1):x2}{Channel(3):x2}{Channel(5):x2}");
    }
}
