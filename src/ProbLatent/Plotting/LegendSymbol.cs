namespace ProbLatent.Plotting;

/// <summary>How a legend entry shows what it names.</summary>
public enum LegendSymbol
{
    Line,
    DashedLine,
    Point,
    /// <summary>A diamond: a component mean or another marked location.</summary>
    Marker,
    Ellipse,
    Arrow,
}
