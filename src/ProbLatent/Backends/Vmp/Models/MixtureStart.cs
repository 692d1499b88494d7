namespace ProbLatent.Backends.Vmp.Models;

/// <summary>How every VMP mixture starts: q(z) at random point masses, the parameters at their priors.</summary>
internal static class MixtureStart
{
    /// <summary>Each point assigned to a uniformly drawn component with probability 1 (Infer.NET's InitialiseTo with random point masses).</summary>
    public static double[] RandomPointMasses(int count, int states, Random random)
    {
        var probabilities = new double[count * states];
        for (int n = 0; n < count; n++) probabilities[n * states + random.Next(states)] = 1;
        return probabilities;
    }

    /// <summary>α₀ for each of K components.</summary>
    public static double[] SymmetricConcentration(int components, double concentration) =>
        Enumerable.Repeat(concentration, components).ToArray();
}
