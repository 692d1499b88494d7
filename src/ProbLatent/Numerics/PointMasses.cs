using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>Starting responsibilities that put each point's whole mass on one component: an N×K row-major table of 0s and 1s.</summary>
internal static class PointMasses
{
    /// <summary>Point n on component <paramref name="assignments"/>[n].</summary>
    public static double[] Of(int[] assignments, int components)
    {
        var probabilities = new double[assignments.Length * components];
        for (int n = 0; n < assignments.Length; n++) probabilities[n * components + assignments[n]] = 1;
        return probabilities;
    }

    /// <summary>Each point on the nearest of the k-means++ centres (after a few Lloyd iterations), as EM starts.</summary>
    /// <param name="columnWeights">wⱼ in the squared distance (see <see cref="Numerics.KMeansPlusPlus.Centers"/>); null for 1.</param>
    public static double[] KMeansPlusPlus(DataMatrix data, int components, Random random, double[]? columnWeights = null)
    {
        Numerics.KMeansPlusPlus.Centers(data, components, random, out var assignments, columnWeights: columnWeights);
        return Of(assignments, components);
    }

    /// <summary>Each point on a uniformly drawn component (Infer.NET's InitialiseTo with random point masses).</summary>
    public static double[] Uniform(int count, int components, Random random)
    {
        var assignments = new int[count];
        for (int n = 0; n < count; n++) assignments[n] = random.Next(components);
        return Of(assignments, components);
    }
}
