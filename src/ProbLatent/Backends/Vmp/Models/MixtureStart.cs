using ProbLatent.Backends.Vmp.Passes;
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
    /// <summary>
    /// The starting q(z) of a data source too large to hold, block by block as its rows are read: each row on the nearest
    /// of the k-means++ centres of <paramref name="sample"/> (in units of <paramref name="columnVariances"/> when given), on a
    /// uniformly drawn component, or on the given fit's posterior — the in-memory start's rules, with the centres drawn from
    /// the sample the source's start holds.
    /// </summary>
    public static PlateStart ForSource(DataMatrix sample, int components, VmpOptions options, Random random, double[]? columnVariances)
    {
        if (options.StartFrom is DiscreteLatentModel given)
            return PlateStart.Of((rows, q) => ((DiscretePosterior)given.Posterior(rows)).Probabilities.CopyTo(q));
        if (options.Start == VmpStart.RandomPointMasses)
            return PlateStart.Of((rows, q) => PointMasses.Uniform(rows.Rows, components, random).CopyTo(q));
        var weights = columnVariances is null ? null : KMeansPlusPlus.InUnitsOf(columnVariances);
        // With missing cells the centres are drawn as in memory, each cell at its column's observed mean (of the sample).
        return new NearestCentreStart(KMeansPlusPlus.Centers(SampleMoments.MeanFilled(sample), components, random, out _, columnWeights: weights), components, weights);
    }

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
            // With missing cells, k-means++ reads each at its column's observed mean.
            _ => PointMasses.KMeansPlusPlus(SampleMoments.MeanFilled(data), components, random,
                inColumnUnits ? KMeansPlusPlus.InUnitsOf(SampleMoments.ColumnScales(data)) : null),
        };
    }
}
