using ProbLatent.Plotting;

namespace ProbLatent.Tests.Plotting;

public class HeatMapTests
{
    static HeatMap Map(params double[] values) => new()
    {
        Title = "t", RowTitle = "from", ColumnTitle = "to", RowLabels = ["a", "b"], ColumnLabels = ["a", "b"], Values = values,
    };

    [Fact]
    public void EachCellIsShadedByItsValueAndLabelledWithIt()
    {
        var root = SvgAssert.Parse(Map(0.25, 0.75, 0.5, 0.5).Render());
        Assert.Equal(4, SvgAssert.All(root, "rect").Count(r => (string?)r.Attribute("stroke") == "white"));
        Assert.Equal(["0.250", "0.750", "0.500", "0.500"], SvgAssert.Texts(root).Where(t => t.StartsWith("0.", StringComparison.Ordinal)));
        // Halfway from white to #1f77b4.
        Assert.Contains(SvgAssert.All(root, "rect"), r => (string?)r.Attribute("fill") == "#8fbbda");
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.5, 0.5 }, "has 2×2 cells but 3 values")]
    [InlineData(new[] { 0.5, 1.5, 0.5, 0.5 }, "value 1.5 of cell (0, 1) is not in [0, 1]")]
    [InlineData(new[] { 0.5, 0.5, double.NaN, 0.5 }, "value NaN of cell (1, 0) is not in [0, 1]")]
    public void ValuesThatDoNotFillTheGridOrAreNotProbabilitiesAreRefused(double[] values, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Map(values).Render());
        Assert.Contains(message, e.Message);
    }
}
