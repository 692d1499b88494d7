using System.Runtime.Intrinsics;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

public class SingleExpTests
{
    // Random bit patterns over every exponent, values across the clamp's range and beyond it, its edges, and the special values.
    static float[] Inputs()
    {
        var random = new Random(5);
        var values = new List<float> { 0f, -0f, 1f, -1f, 32.564632f, -32.564632f, 88.72f, 88.73f, -103.97f, -103.98f, -87f, 87f, -87.0001f, 87.0001f, -200f, 200f, float.MaxValue, float.MinValue,
            float.Epsilon, -float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        for (int i = 0; i < 200_000; i++) values.Add(BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)));
        for (int i = 0; i < 200_000; i++) values.Add((float)(random.NextDouble() * 240 - 120));
        while (values.Count % 8 != 0) values.Add(0.5f);
        return values.ToArray();
    }

    [Fact]
    public void VectorSigmoidEqualsTheScalarOneBitForBit()
    {
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

    static long UnitsApart(float a, float b) => Math.Abs((long)BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    [Fact]
    public void ExpIsWithinTwoUnitsInTheLastPlaceOfTheExactValueWhereFloatHoldsIt()
    {
        long worst = 0;
        foreach (float x in Inputs())
        {
            float got = SingleExp.Exp(x);
            if (float.IsNaN(x)) { Assert.True(float.IsNaN(got), $"exp(NaN) is {got:R}"); continue; }
            // Beyond the clamp exp is taken at ±87: the sigmoid is then 0 or 1 to float precision either way.
            float want = (float)Math.Exp(Math.Clamp(x, -87.0, 87.0));
            long apart = UnitsApart(want, got);
            worst = Math.Max(worst, apart);
            Assert.True(apart <= 2, $"exp({x:R}): {want:R} exactly rounded, here {got:R}");
        }
        Assert.True(worst >= 1, "no input tells the approximation from exact rounding"); // the inputs reach the polynomial's rounding
    }

    [Fact]
    public void SigmoidIsWithinThreeUnitsInTheLastPlaceOfTheExactValue()
    {
        foreach (float x in Inputs())
        {
            float got = SingleExp.Sigmoid(x);
            if (float.IsNaN(x)) { Assert.True(float.IsNaN(got), $"σ(NaN) is {got:R}"); continue; }
            double exact = 1 / (1 + Math.Exp(-(double)x));
            // Below σ(−87) the exact value is a tiny or subnormal float; there the clamp gives σ(−87), as small as a sigmoid of floats is used.
            if (x < -87) { Assert.True(got > 0 && got <= 1.7e-38f, $"σ({x:R}) is {got:R}"); continue; }
            Assert.True(UnitsApart((float)exact, got) <= 3, $"σ({x:R}): {(float)exact:R} exactly rounded, here {got:R}");
        }
    }
}
