using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class SingleExpTests
{
    // Random bit patterns over every exponent, the ranges where exp leaves float (below −103.97, above 88.72), the
    // edges of the clamp, and the special values.
    static float[] Inputs()
    {
        var random = new Random(5);
        var values = new List<float> { 0f, -0f, 1f, -1f, 32.564632f, -32.564632f, 88.72f, 88.73f, -103.97f, -103.98f, -110f, 90f, -200f, 200f, float.MaxValue, float.MinValue,
            float.Epsilon, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        for (int i = 0; i < 200_000; i++) values.Add(BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)));
        for (int i = 0; i < 200_000; i++) values.Add((float)(random.NextDouble() * 240 - 120));
        while (values.Count % 8 != 0) values.Add(0.5f);
        return values.ToArray();
    }

    [Fact]
    public void VectorSigmoidEqualsTheScalarOneBitForBit()
    {
        if (!SingleExp.IsVectorized) return; // the vectorised sigmoid needs AVX2, and the kernels then take the scalar one
        var inputs = Inputs();
        for (int i = 0; i < inputs.Length; i += 8)
        {
            var vector = SingleExp.Sigmoid(Vector256.Create(inputs, i));
            for (int l = 0; l < 8; l++)
            {
                float x = inputs[i + l], scalar = SingleExp.Sigmoid(x);
                Assert.True(BitConverter.SingleToInt32Bits(scalar) == BitConverter.SingleToInt32Bits(vector[l]) || float.IsNaN(scalar) && float.IsNaN(vector[l]),
                    $"σ({x:R}): {scalar:R} one at a time, {vector[l]:R} in a vector");
            }
        }
    }

    // Equal bit for bit where MathF.Exp is glibc's expf on x86-64 (exp(32.564632) is one that needs its fused
    // multiply-adds); elsewhere a library may round a last bit the other way.
    [Fact]
    public void ExpIsMathFExpWithinOneUnitInTheLastPlaceAndExactlyOnLinuxX64()
    {
        // glibc picks its fused-multiply-add build of expf on processors with FMA.
        bool glibc = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64 && !RuntimeInformation.RuntimeIdentifier.Contains("musl")
            && System.Runtime.Intrinsics.X86.Fma.IsSupported;
        foreach (float x in Inputs())
        {
            float want = MathF.Exp(x), got = SingleExp.Exp(x);
            if (float.IsNaN(want)) Assert.True(float.IsNaN(got), $"exp({x:R}) is NaN, not {got:R}");
            else Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(want) - BitConverter.SingleToInt32Bits(got)) <= (glibc ? 0 : 1), $"exp({x:R}): MathF.Exp {want:R}, here {got:R}");
        }
    }
}
