using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// VIMCO (Mnih and Rezende 2016) on the K-sample bound L̂ = log (1/K) Σⱼ wⱼ. Its gradient is Σₖ ŵₖ ∇ log wₖ, ŵₖ = wₖ / Σⱼ wⱼ,
/// plus Σₖ L̂ ∇φ log q(hₖ | x), whose variance the signal's baseline cuts: draw k's learning signal is
/// L̂ − log (1/K)(Σ_{j≠k} wⱼ + ŵ₋ₖ), the bound with wₖ replaced by ŵ₋ₖ, the geometric mean of the other weights, which
/// does not depend on hₖ and so leaves the gradient unbiased. The encoder's coefficient is that signal minus ŵₖ, from
/// ∇φ log wₖ = −∇φ log q(hₖ | x).
/// </summary>
internal sealed class VimcoSignal : LearningSignal
{
    public override double Assign(IBeliefNetPass pass, int points, Span<float> model, Span<float> encoder, float scale)
    {
        int k = pass.Samples;
        double bounds = 0;
        for (int r = 0; r < points; r++)
        {
            var v = pass.LogWeights.AsSpan(r * k, k);
            double bound = Signals(v, model.Slice(r * k, k), encoder.Slice(r * k, k));
            bounds += bound;
        }
        return bounds;
    }

    public override double Objective(IBeliefNetPass pass, int points)
    {
        int k = pass.Samples;
        double bounds = 0;
        for (int r = 0; r < points; r++) bounds += LogSumExp.Of(pass.LogWeights.AsSpan(r * k, k)) - Math.Log(k);
        return bounds;
    }

    /// <summary>One point's normalised weights and learning signals; returns its bound L̂.</summary>
    internal static double Signals(ReadOnlySpan<float> v, Span<float> weights, Span<float> signals)
    {
        int k = v.Length;
        double logK = Math.Log(k), lse = LogSumExp.Of(v), bound = lse - logK, total = 0;
        foreach (var x in v) total += x;
        for (int i = 0; i < k; i++)
        {
            double geometric = (total - v[i]) / (k - 1), max = geometric;
            for (int j = 0; j < k; j++) if (j != i && v[j] > max) max = v[j];
            double sum = Math.Exp(geometric - max);
            for (int j = 0; j < k; j++) if (j != i) sum += Math.Exp(v[j] - max);
            double normalised = Math.Exp(v[i] - lse);
            weights[i] = (float)normalised;
            signals[i] = (float)(bound - (max + Math.Log(sum) - logK) - normalised);
        }
        return bound;
    }
}
