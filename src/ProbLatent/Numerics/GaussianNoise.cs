using System.Numerics.Tensors;

namespace ProbLatent.Numerics;

/// <summary>Standard normal draws in single precision, in bulk, for the reparameterization trick.</summary>
/// <remarks>
/// A training step needs thousands of draws; drawing each from <see cref="Random"/> costs more than the step's
/// activations. So each call takes one 64-bit seed from the caller's generator (which keeps runs reproducible from
/// the user's seed), expands it with xoshiro128** into uniforms, and turns pairs of uniforms into normals by the
/// Box–Muller transform, vectorised: r = √(−2 ln u₁), z = r cos 2πu₂ and r sin 2πu₂.
/// </remarks>
internal static class GaussianNoise
{
    [ThreadStatic] static float[]? t_scratch;

    /// <summary>Fills the span with independent N(0, 1) draws.</summary>
    public static void Fill(Random random, Span<float> values)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (values.IsEmpty) return;
        int pairs = (values.Length + 1) / 2;
        var scratch = t_scratch is { } s && s.Length >= 4 * pairs ? s : t_scratch = new float[4 * pairs];
        Span<float> radius = scratch.AsSpan(0, pairs), angle = scratch.AsSpan(pairs, pairs);
        Span<float> sin = scratch.AsSpan(2 * pairs, pairs), cos = scratch.AsSpan(3 * pairs, pairs);

        var generator = new Xoshiro128(random.NextInt64());
        for (int i = 0; i < pairs; i++)
        {
            // 24 random bits, centred in their cell: u₁ lies in (0, 1), so ln u₁ is finite.
            radius[i] = ((generator.Next() >> 8) + 0.5f) * (1f / (1 << 24));
            angle[i] = (generator.Next() >> 8) * (1f / (1 << 24));
        }
        TensorPrimitives.Log(radius, radius);
        TensorPrimitives.Multiply(radius, -2f, radius);
        TensorPrimitives.Sqrt(radius, radius);
        TensorPrimitives.Multiply(angle, 2f, angle);
        TensorPrimitives.SinCosPi(angle, sin, cos);
        int half = values.Length / 2;
        TensorPrimitives.Multiply(radius[..half], cos[..half], values[..half]);
        TensorPrimitives.Multiply(radius[..(values.Length - half)], sin[..(values.Length - half)], values[half..]);
    }

    /// <summary>xoshiro128** (Blackman and Vigna): small, fast, and good enough for Monte Carlo noise.</summary>
    struct Xoshiro128
    {
        uint _s0, _s1, _s2, _s3;

        public Xoshiro128(long seed)
        {
            // SplitMix64 spreads one seed over the four words, never all zero.
            ulong x = (ulong)seed;
            ulong Next64()
            {
                ulong z = x += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
            ulong a = Next64(), b = Next64();
            (_s0, _s1, _s2, _s3) = ((uint)a, (uint)(a >> 32), (uint)b, (uint)(b >> 32) | 1);
        }

        public uint Next()
        {
            uint result = uint.RotateLeft(_s1 * 5, 7) * 9, t = _s1 << 9;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = uint.RotateLeft(_s3, 11);
            return result;
        }
    }
}
