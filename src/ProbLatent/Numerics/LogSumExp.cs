using System.Numerics;
using System.Numerics.Tensors;

namespace ProbLatent.Numerics;

/// <summary>
/// log Σ exp(xᵢ) without overflow: the largest term is factored out first. Empty or all −∞ gives −∞, and a +∞ gives +∞
/// (rather than the NaN of ∞ − ∞). Float values, the autodiff tape's, take their differences from the largest in float;
/// the exponentials are summed in double either way.
/// </summary>
internal static class LogSumExp
{
    public static double Of(ReadOnlySpan<double> values) => Of<double>(values);

    public static double Of(ReadOnlySpan<float> values) => Of<float>(values);

    /// <summary>Replaces log-weights by normalised probabilities in place and returns their log normaliser.</summary>
    public static double Normalize(Span<double> logWeights) => Normalize<double>(logWeights);

    /// <inheritdoc cref="Normalize(Span{double})"/>
    public static double Normalize(Span<float> logWeights) => Normalize<float>(logWeights);

    /// <summary>
    /// <see cref="Normalize(Span{double})"/> a vector at a time, for rows of hundreds of states (a Bernoulli mixture's
    /// components): one exponential per weight, exp(vᵢ − m) / Σ, where that one takes exp(vᵢ − m) and exp(vᵢ − log Σ). The
    /// probabilities and the normaliser differ from its by rounding only.
    /// </summary>
    public static double NormalizeWide(Span<double> logWeights)
    {
        if (logWeights.IsEmpty) return double.NegativeInfinity;
        double max = TensorPrimitives.Max<double>(logWeights);
        if (double.IsInfinity(max)) return Normalize(logWeights);
        TensorPrimitives.Subtract(logWeights, max, logWeights);
        TensorPrimitives.Exp(logWeights, logWeights);
        double sum = TensorPrimitives.Sum<double>(logWeights);
        TensorPrimitives.Divide(logWeights, sum, logWeights);
        return max + Math.Log(sum);
    }

    /// <summary>
    /// log((1/k) Σ exp(vᵢ)) over k ≥ 1 log weights, and its delta-method standard error sd(w) / (√k · mean w) with
    /// wᵢ = exp(vᵢ): an importance-sampled log-likelihood and its Monte Carlo error. The error is NaN when the value is
    /// infinite, which leaves no weights to spread.
    /// </summary>
    public static (double Value, double StandardError) OfMean(ReadOnlySpan<float> logWeights)
    {
        int k = logWeights.Length;
        if (k == 0) throw new ArgumentException("the mean of no log weights is undefined", nameof(logWeights));
        var (max, sum, sumOfSquares) = Sums(logWeights);
        if (double.IsInfinity(max)) return (max, double.NaN);
        double mean = sum / k;
        double variance = k > 1 ? Math.Max(0, (sumOfSquares - k * mean * mean) / (k - 1)) : 0;
        return (max + Math.Log(mean), Math.Sqrt(variance / k) / mean);
    }

    static double Of<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        var (max, sum, _) = Sums(values);
        return double.IsInfinity(max) ? max : max + Math.Log(sum);
    }

    static double Normalize<T>(Span<T> logWeights) where T : IFloatingPointIeee754<T>
    {
        double lse = Of<T>(logWeights);
        for (int i = 0; i < logWeights.Length; i++) logWeights[i] = T.CreateTruncating(Math.Exp(double.CreateTruncating(logWeights[i]) - lse));
        return lse;
    }

    /// <summary>The largest value m, with Σ exp(vᵢ − m) and Σ exp(vᵢ − m)², whose largest term is 1; the sums are 0 when m is infinite.</summary>
    static (double Max, double Sum, double SumOfSquares) Sums<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (var v in values) if (v > max) max = v;
        if (T.IsInfinity(max)) return (double.CreateTruncating(max), 0, 0);
        double sum = 0, sumOfSquares = 0;
        foreach (var v in values)
        {
            double w = Math.Exp(double.CreateTruncating(v - max));
            sum += w;
            sumOfSquares += w * w;
        }
        return (double.CreateTruncating(max), sum, sumOfSquares);
    }
}
