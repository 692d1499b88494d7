using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// exp and the logistic sigmoid of floats, eight at a time, in float arithmetic alone: exp(x) = 2^k · e^r with
/// k = round(x / ln 2) and r = x − k ln 2 (ln 2 in two parts, each product by a fused multiply-add, so r is exact to
/// float rounding), e^r ≈ 1 + r + r² (1/2! + r/3! + … + r⁵/7!) by Horner's rule, whose truncation, below 3·10⁻⁹ on
/// |r| ≤ ln 2 / 2, is far inside a float's rounding; 2^k goes into the exponent bits. Every step is an IEEE operation
/// with one rounding, so the scalar and vector forms give the same bits on any processor, with or without SIMD, and no
/// result depends on a platform's libm. There is no table, so a vector needs no gather.
/// </summary>
internal static class SingleExp
{
    // Beyond these the sigmoid is 1 to float precision or below 1.7·10⁻³⁸, and clamping keeps 2^k a normal float (|k| ≤ 126).
    const float Lowest = -87, Highest = 87;
    const float Log2E = 1.44269504f;
    // ln 2 = LnTwoHigh + LnTwoLow, the first with its low bits zero so k · LnTwoHigh is exact for |k| ≤ 126.
    const float LnTwoHigh = 0.693145752f, LnTwoLow = 1.42860677e-6f;
    // 1/2!, …, 1/7!: e^r = 1 + r + r² (C2 + r (C3 + r (C4 + r (C5 + r (C6 + r C7))))).
    const float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    /// <summary>e^x (x clamped to [−87, 87]; NaN stays NaN).</summary>
    public static float Exp(float x)
    {
        if (float.IsNaN(x)) return x;
        float t = Math.Clamp(x, Lowest, Highest), k = MathF.Round(t * Log2E);
        float r = MathF.FusedMultiplyAdd(k, -LnTwoLow, MathF.FusedMultiplyAdd(k, -LnTwoHigh, t));
        float p = MathF.FusedMultiplyAdd(C7, r, C6);
        p = MathF.FusedMultiplyAdd(p, r, C5);
        p = MathF.FusedMultiplyAdd(p, r, C4);
        p = MathF.FusedMultiplyAdd(p, r, C3);
        p = MathF.FusedMultiplyAdd(p, r, C2);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1);
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p) + ((int)k << 23));
    }

    /// <summary>1 / (1 + e^−x).</summary>
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>Whether <see cref="Sigmoid(Vector256{float})"/> runs in hardware vectors (elsewhere the kernels take the scalar form, which gives the same bits).</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>1 / (1 + e^−x) lane by lane, each lane <see cref="Sigmoid(float)"/> bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        var sigmoid = Vector256<float>.One / (Vector256<float>.One + Exp(-x));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), sigmoid, x); // NaN stays NaN
    }

    /// <summary>e^x lane by lane, each lane <see cref="Exp(float)"/> bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var t = Vector256.Min(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        var k = Vector256.Round(t * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-LnTwoLow), Vector256.FusedMultiplyAdd(k, Vector256.Create(-LnTwoHigh), t));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C7), r, Vector256.Create(C6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var e = (p.AsInt32() + Vector256.ShiftLeft(Vector256.ConvertToInt32(k), 23)).AsSingle();
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }
}
