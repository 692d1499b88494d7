namespace ProbLatent.Numerics;

/// <summary>
/// Uniform draws addressed by (seed, stream, index) rather than drawn in sequence: the SplitMix64 finaliser of their
/// combination. Element i of a step's draws is the same whichever thread computes it, so a Gibbs sweep split between
/// two cores gives the same chain as on one, and a seed gives the same result bit for bit.
/// </summary>
internal static class CounterUniforms
{
    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public static float Uniform(ulong seed, ulong stream, long index)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (stream + 1) + 0xD1B54A32D192ED03UL * (ulong)index;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (1f / (1 << 24));
    }
}
