namespace ProbLatent.Numerics;

/// <summary>log Σ exp(xᵢ) without overflow: the largest term is factored out first.</summary>
public static class LogSumExp
{
    public static double Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NegativeInfinity;
        double max = double.NegativeInfinity;
        foreach (var v in values) if (v > max) max = v;
        if (double.IsNegativeInfinity(max) || double.IsPositiveInfinity(max)) return max;
        double sum = 0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>Replaces log-weights by normalised probabilities in place and returns their log normaliser.</summary>
    public static double Normalize(Span<double> logWeights)
    {
        double lse = Of(logWeights);
        for (int i = 0; i < logWeights.Length; i++) logWeights[i] = Math.Exp(logWeights[i] - lse);
        return lse;
    }
}
