using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

/// <summary>One log-sum-exp serves double data, the tape's float values and the evaluator's log weights, with one set of edge cases.</summary>
public class LogSumExpTests
{
    const float Inf = float.PositiveInfinity;

    public static TheoryData<float[], double> EdgeCases => new()
    {
        { [], double.NegativeInfinity },
        { [-Inf, -Inf], double.NegativeInfinity },
        { [-Inf, 0f], 0 },
        { [3f, Inf, -Inf], double.PositiveInfinity },
        { [Inf, Inf], double.PositiveInfinity },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Float_and_double_values_share_the_infinite_cases(float[] values, double expected)
    {
        Assert.Equal(expected, LogSumExp.Of(values));
        Assert.Equal(expected, LogSumExp.Of(values.Select(v => (double)v).ToArray()));
    }

    // Terms that each overflow a float and a double on their own.
    [Fact]
    public void Large_terms_do_not_overflow()
    {
        Assert.Equal(1000 + Math.Log(3), LogSumExp.Of([1000f, 1000f, 1000f]), 12);
        Assert.Equal(1000 + Math.Log(1 + Math.Exp(-1)), LogSumExp.Of([1000.0, 999.0]), 12);
    }

    [Fact]
    public void Normalizing_float_log_weights_gives_probabilities_and_the_normaliser()
    {
        float[] logWeights = [-1f, 2f, 0.5f, -30f];
        double expected = Math.Log(logWeights.Sum(v => Math.Exp(v)));
        Assert.Equal(expected, LogSumExp.Normalize(logWeights), 12);
        Assert.Equal(1.0, logWeights.Sum(p => (double)p), 6);
        Assert.Equal(Math.Exp(2 - expected), logWeights[1], 6);
    }

    [Fact]
    public void The_mean_of_importance_weights_comes_with_its_delta_method_error()
    {
        float[] logWeights = [-101f, -100f, -102.5f, -99.25f, -100.5f];
        var w = logWeights.Select(v => Math.Exp(v)).ToArray();
        double mean = w.Average(), sd = Math.Sqrt(w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1));
        var (value, error) = LogSumExp.OfMean(logWeights);
        Assert.Equal(Math.Log(mean), value, 10);
        Assert.Equal(sd / (Math.Sqrt(w.Length) * mean), error, 10);
        Assert.Equal((-7.0, 0.0), LogSumExp.OfMean([-7f]));
        Assert.Equal(double.NegativeInfinity, LogSumExp.OfMean([-Inf, -Inf]).Value);
        Assert.Throws<ArgumentException>(() => LogSumExp.OfMean([]));
    }
}
