using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// Where a VMP mixture's categorical latent starts: q(z) as the options say (k-means++ or random point masses, or a given
/// fit's posterior); the parameters then start from it (<see cref="VmpModel.Start"/>).
/// </summary>
internal static class MixtureStart
{
    /// <summary>The starting q(z), N×K row-major.</summary>
    /// <param name="inColumnUnits">
    /// Whether k-means++ measures distances in units of each column's standard deviation, as EM's Gaussian mixtures
    /// start, so that the start of s·x + c is the start of x mapped, as the data-scaled priors are.
    /// </param>
    public static double[] Responsibilities(DataMatrix data, int components, VmpOptions options, Random random, bool inColumnUnits)
    {
        if (options.StartFrom is DiscreteLatentModel given)
            return ((DiscretePosterior)given.Posterior(data)).Probabilities.ToArray();
        return options.Start switch
        {
            VmpStart.RandomPointMasses => PointMasses.Uniform(data.Rows, components, random),
            _ => PointMasses.KMeansPlusPlus(data, components, random,
                inColumnUnits ? KMeansPlusPlus.InUnitsOf(SampleMoments.ColumnScales(data)) : null),
        };
    }
}
