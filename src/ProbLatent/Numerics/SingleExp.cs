using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProbLatent.Numerics;

/// <summary>
/// exp and the logistic sigmoid of floats, eight at a time, by the algorithm of glibc's <c>expf</c> (from Arm's
/// optimized-routines): in double, exp(x) = 2^(k/32) · 2^(r/32) with k = round(32x / ln 2), the first factor from a
/// table of 32 and the second a cubic in r, rounded once to float, with the fused multiply-adds of its x86-64 build
/// (r = 32x / ln 2 − k in one rounding, which moves the last bit of some results). It is what <see cref="MathF.Exp"/> gives where that
/// calls glibc (on x86-64 Linux: every float agrees), so a sigmoid 1 / (1 + e^−x) here is the scalar one bit for bit,
/// and where another library rounds a last bit otherwise, results here still do not depend on it.
/// </summary>
internal static class SingleExp
{
    // The bits of 2^(i/32), less i << 47, so that adding k << 47 puts k / 32's whole part in the exponent. An array, not a
    // span over the assembly's data: unoptimised code takes that span's field handle, allocating, on every call.
    static readonly ulong[] Table =
    [
        0x3FF0000000000000UL, 0x3FEFD9B0D3158574UL, 0x3FEFB5586CF9890FUL, 0x3FEF9301D0125B51UL, 0x3FEF72B83C7D517BUL, 0x3FEF54873168B9AAUL,
        0x3FEF387A6E756238UL, 0x3FEF1E9DF51FDEE1UL, 0x3FEF06FE0A31B715UL, 0x3FEEF1A7373AA9CBUL, 0x3FEEDEA64C123422UL, 0x3FEECE086061892DUL,
        0x3FEEBFDAD5362A27UL, 0x3FEEB42B569D4F82UL, 0x3FEEAB07DD485429UL, 0x3FEEA47EB03A5585UL, 0x3FEEA09E667F3BCDUL, 0x3FEE9F75E8EC5F74UL,
        0x3FEEA11473EB0187UL, 0x3FEEA589994CCE13UL, 0x3FEEACE5422AA0DBUL, 0x3FEEB737B0CDC5E5UL, 0x3FEEC49182A3F090UL, 0x3FEED503B23E255DUL,
        0x3FEEE89F995AD3ADUL, 0x3FEEFF76F2FB5E47UL, 0x3FEF199BDD85529CUL, 0x3FEF3720DCEF9069UL, 0x3FEF5818DCFBA487UL, 0x3FEF7C97337B9B5FUL,
        0x3FEFA4AFA2A490DAUL, 0x3FEFD0765B6E4540UL,
    ];

    const double Scale = 1.4426950408889634 * 32;           // 32 / ln 2
    const double Shift = 6755399441055744.0;                 // 1.5 · 2⁵², whose addition rounds to an integer
    const double C0 = 0.05550361559341535 / (32.0 * 32 * 32), C1 = 0.2402284522445722 / (32.0 * 32), C2 = 0.6931471806916203 / 32;
    // Beyond these exp is 0 or ∞ in float; clamping keeps k's exponent arithmetic in range.
    const float Lowest = -110, Highest = 90;

    /// <summary>e^x, as glibc's expf gives it.</summary>
    public static float Exp(float x)
    {
        double xd = Math.Clamp(x, Lowest, Highest), kd = Math.FusedMultiplyAdd(Scale, xd, Shift);
        ulong k = BitConverter.DoubleToUInt64Bits(kd);
        kd -= Shift;
        double r = Math.FusedMultiplyAdd(Scale, xd, -kd), s = BitConverter.UInt64BitsToDouble(Table[(int)(k % 32)] + (k << 47));
        double y = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(C0, r, C1), r * r, Math.FusedMultiplyAdd(C2, r, 1));
        return (float)(y * s);
    }

    /// <summary>1 / (1 + e^−x), as with <see cref="MathF.Exp"/>.</summary>
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>Whether <see cref="Sigmoid(Vector256{float})"/> runs in vectors (it needs AVX2's gather).</summary>
    public static bool IsVectorized => Avx2.IsSupported;

    /// <summary>1 / (1 + e^−x) lane by lane, each lane <see cref="Sigmoid(float)"/> bit for bit; needs <see cref="IsVectorized"/>.</summary>
    public static unsafe Vector256<float> Sigmoid(Vector256<float> x)
    {
        var clamped = -Vector256.Min(Vector256.Max(x, Vector256.Create(-Highest)), Vector256.Create(-Lowest));
        var (low, high) = Vector256.Widen(clamped);
        Vector256<float> e;
        fixed (ulong* table = Table) e = Vector256.Narrow(Exp(low, table), Exp(high, table));
        var sigmoid = Vector256<float>.One / (Vector256<float>.One + e);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), sigmoid, x); // NaN stays NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector256<double> Exp(Vector256<double> x, ulong* table)
    {
        var scale = Vector256.Create(Scale);
        var kd = Vector256.FusedMultiplyAdd(scale, x, Vector256.Create(Shift));
        var k = kd.AsUInt64();
        kd -= Vector256.Create(Shift);
        var r = Vector256.FusedMultiplyAdd(scale, x, -kd);
        var s = (Avx2.GatherVector256(table, (k & Vector256.Create(31UL)).AsInt64(), 8) + Vector256.ShiftLeft(k, 47)).AsDouble();
        var y = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C0), r, Vector256.Create(C1)), r * r,
            Vector256.FusedMultiplyAdd(Vector256.Create(C2), r, Vector256<double>.One));
        return y * s;
    }
}
