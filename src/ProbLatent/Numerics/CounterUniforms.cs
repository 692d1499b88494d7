using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// Uniform draws addressed by (seed, stream, index) rather than drawn in sequence: the SplitMix64 finaliser of their
/// combination. Element i of a step's draws is the same whichever thread computes it, so a Gibbs sweep split between
/// two cores gives the same chain as on one, and a seed gives the same result bit for bit.
/// </summary>
internal static class CounterUniforms
{
    const ulong StreamStep = 0x9E3779B97F4A7C15UL, IndexStep = 0xD1B54A32D192ED03UL;
    const ulong Mix1 = 0xBF58476D1CE4E5B9UL, Mix2 = 0x94D049BB133111EBUL;
    const float Unit = 1f / (1 << 24);

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public static float Uniform(ulong seed, ulong stream, long index)
    {
        ulong z = seed + StreamStep * (stream + 1) + IndexStep * (ulong)index;
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        z ^= z >> 31;
        return (z >> 40) * Unit;
    }

    /// <summary>
    /// Bernoulli draws: sample[i] = 1 when <see cref="Uniform"/>(seed, stream, i) is below p[i], else 0, for i in
    /// [start, end). The same draws as element by element, eight at a time (the 64-bit multiplies of four lanes twice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bernoulli(ReadOnlySpan<float> p, Span<float> sample, int start, int end, ulong seed, ulong stream)
    {
        ulong origin = seed + StreamStep * (stream + 1);
        int i = start;
        if (Vector256.IsHardwareAccelerated)
        {
            // Constants wrap modulo 2⁶⁴ as the scalar sums do.
            var step = Vector256.Create(unchecked(4 * IndexStep));
            var low = Vector256.Create(origin + IndexStep * (ulong)i) + Vector256.Create(0UL, IndexStep, unchecked(2 * IndexStep), unchecked(3 * IndexStep));
            var high = low + step;
            step += step;
            for (; i + 8 <= end; i += 8)
            {
                var bits = Vector256.Narrow(Finalised(low), Finalised(high)).AsInt32();
                var u = Vector256.ConvertToSingle(bits) * Unit;
                var drawn = Vector256.LessThan(u, Vector256.Create(p.Slice(i, 8))) & Vector256<float>.One;
                drawn.CopyTo(sample.Slice(i, 8));
                low += step;
                high += step;
            }
        }
        for (; i < end; i++) sample[i] = Uniform(seed, stream, i) < p[i] ? 1f : 0f;
    }

    /// <summary>The finaliser's top 24 bits, lane by lane, as <see cref="Uniform"/> takes them.</summary>
    static Vector256<ulong> Finalised(Vector256<ulong> z)
    {
        z = (z ^ Vector256.ShiftRightLogical(z, 30)) * Vector256.Create(Mix1);
        z = (z ^ Vector256.ShiftRightLogical(z, 27)) * Vector256.Create(Mix2);
        z ^= Vector256.ShiftRightLogical(z, 31);
        return Vector256.ShiftRightLogical(z, 40);
    }
}
