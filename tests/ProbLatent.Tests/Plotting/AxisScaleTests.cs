using ProbLatent.Plotting;

namespace ProbLatent.Tests.Plotting;

public class AxisScaleTests
{
    /// <summary>Whether a step is 1, 2 or 5 times a power of ten.</summary>
    static bool IsNice(double step)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(step)));
        double mantissa = step / power;
        return new[] { 1.0, 2, 5, 10 }.Any(m => Math.Abs(mantissa - m) < 1e-9);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1130.264, -1126.2)]
    [InlineData(1.6, 5.1)]
    [InlineData(43, 96)]
    [InlineData(-5.14, -4.155)]
    [InlineData(1e-7, 3e-7)]
    [InlineData(-2e6, 7e9)]
    [InlineData(3.0, 3.0)]
    [InlineData(0.0, 0.0)]
    public void TicksAreNiceInsideTheAxisAndTheAxisCoversTheData(double min, double max)
    {
        var scale = NiceScale.For([min, max, (min + max) / 2]);
        Assert.True(scale.Min < min && scale.Max > max, $"[{scale.Min}, {scale.Max}] does not contain [{min}, {max}] with a margin");
        Assert.True(IsNice(scale.Step), $"step {scale.Step}");
        Assert.InRange(scale.Ticks.Count, 3, 12);
        foreach (var tick in scale.Ticks)
        {
            Assert.InRange(tick, scale.Min, scale.Max);
            // A multiple of the step: a nice value itself.
            Assert.Equal(0, Math.Abs(tick / scale.Step - Math.Round(tick / scale.Step)), 6);
        }
        for (int i = 1; i < scale.Ticks.Count; i++) Assert.Equal(scale.Step, scale.Ticks[i] - scale.Ticks[i - 1], 9);
    }

    [Fact]
    public void LabelsHaveTheDecimalsTheStepNeedsAndATrueMinus()
    {
        var scale = NiceScale.For([-5.14, -4.155]);
        Assert.Equal(0.2, scale.Step, 12);
        Assert.Equal(["−5.0", "−4.8", "−4.6", "−4.4", "−4.2"], scale.Ticks.Select(scale.Label));
        var whole = NiceScale.For([43, 96]);
        Assert.Equal(["50", "60", "70", "80", "90"], whole.Ticks.Select(whole.Label));
        // A tick on zero is "0.0", never "−0.0".
        var zero = NiceScale.For([-1, 1]);
        Assert.Equal(["−1.0", "−0.5", "0.0", "0.5", "1.0"], zero.Ticks.Select(zero.Label));
    }

    [Fact]
    public void IntegerTicksForIterations()
    {
        var scale = NiceScale.For([1, 2, 3], integers: true);
        Assert.Equal(1, scale.Step);
        Assert.Equal([1.0, 2, 3], scale.Ticks);
        Assert.All(scale.Ticks, t => Assert.Equal(Math.Round(t), t));
    }

    [Fact]
    public void MapSendsTheEndsToTheEnds()
    {
        var scale = NiceScale.For([0, 10]);
        Assert.Equal(100, scale.Map(scale.Min, 100, 500), 9);
        Assert.Equal(500, scale.Map(scale.Max, 100, 500), 9);
        // Upwards y: larger values map to smaller pixel rows.
        Assert.True(scale.Map(10, 400, 50) < scale.Map(0, 400, 50));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteValuesAreRejected(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => NiceScale.For([1, bad]));
        Assert.Contains("finite", e.Message);
    }

    [Fact]
    public void AnEmptyAxisIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => NiceScale.For([]));
        Assert.Contains("at least one value", e.Message);
    }

    [Fact]
    public void LogTicksArePowersOfTenOrTheirOneTwoFiveMultiplesInsideTheAxis()
    {
        var wide = LogScale.For([1, 2000]);
        Assert.Equal([1.0, 10, 100, 1000], wide.Ticks);
        Assert.Equal(["1", "10", "100", "1000"], wide.Ticks.Select(wide.Label));
        var narrow = LogScale.For([1, 494]);
        Assert.Equal([1.0, 2, 5, 10, 20, 50, 100, 200, 500], narrow.Ticks);
        foreach (var scale in new[] { wide, narrow })
        {
            Assert.True(scale.Min < 1 && scale.Max > 494);
            Assert.All(scale.Ticks, t => Assert.InRange(t, scale.Min, scale.Max));
        }
        // Equal ratios are equal distances.
        Assert.Equal(wide.Map(10, 0, 1) - wide.Map(1, 0, 1), wide.Map(1000, 0, 1) - wide.Map(100, 0, 1), 9);
    }

    [Fact]
    public void ALogAxisRejectsZeroAndNegativeValues()
    {
        var e = Assert.Throws<ArgumentException>(() => LogScale.For([0, 10]));
        Assert.Contains("positive", e.Message);
    }
}
