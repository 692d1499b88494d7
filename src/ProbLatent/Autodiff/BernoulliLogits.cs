using System.Numerics;
using System.Runtime.InteropServices;

namespace ProbLatent.Autodiff;

/// <summary>
/// One row of a Bernoulli log-likelihood from logits, Σⱼ xⱼ lⱼ − softplus(lⱼ), in a single pass that also keeps what
/// the backward step needs, xⱼ − σ(lⱼ): both come from the same e^−|l|, so the backward step has no transcendental
/// left and the decoder's largest output is read once instead of nine times.
/// </summary>
internal static class BernoulliLogits
{
    /// <summary>
    /// Returns the row's log-likelihood and writes x − σ(l) into <paramref name="residual"/>, unless it is empty (an
    /// evaluation, which has no backward pass to keep it for).
    /// </summary>
    public static float Row(ReadOnlySpan<float> logits, ReadOnlySpan<float> x, Span<float> residual)
    {
        bool keep = !residual.IsEmpty;
        int n = logits.Length, w = Vector<float>.Count, blocks = n / w;
        var lv = MemoryMarshal.Cast<float, Vector<float>>(logits);
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var rv = MemoryMarshal.Cast<float, Vector<float>>(residual);
        var sum = Vector<float>.Zero;
        for (int k = 0; k < blocks; k++)
        {
            var l = lv[k];
            var e = Vector.Exp(-Vector.Abs(l));
            var onePlus = Vector<float>.One + e;
            var softplus = Vector.Max(l, Vector<float>.Zero) + Vector.Log(onePlus);
            sum += xv[k] * l - softplus;
            if (!keep) continue;
            // σ(l) = 1 / (1 + e^−l) for l ≥ 0 and e^l / (1 + e^l) below: never an overflowing exponential.
            var r = Vector<float>.One / onePlus;
            var sigmoid = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(l, Vector<float>.Zero), r, e * r);
            rv[k] = xv[k] - sigmoid;
        }
        float total = Vector.Sum(sum);
        for (int j = blocks * w; j < n; j++)
        {
            float l = logits[j], e = MathF.Exp(-MathF.Abs(l)), r = 1f / (1f + e);
            if (keep) residual[j] = x[j] - (l >= 0 ? r : e * r);
            total += x[j] * l - (MathF.Max(l, 0f) + MathF.Log(1f + e));
        }
        return total;
    }
}
