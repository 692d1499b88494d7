namespace ProbLatent.Numerics;

/// <summary>Standard normal draws in single precision, in bulk, for the reparameterization trick.</summary>
public static class GaussianNoise
{
    /// <summary>Fills the span with independent N(0, 1) draws (Box–Muller: each uniform pair gives two normals).</summary>
    public static void Fill(Random random, Span<float> values)
    {
        int i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            var (sin, cos) = Math.SinCos(2 * Math.PI * u2);
            values[i] = (float)(r * cos);
            values[i + 1] = (float)(r * sin);
        }
        if (i < values.Length) values[i] = (float)random.NextGaussian();
    }
}
