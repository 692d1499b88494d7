using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// How every VMP mixture starts: q(z) as the options say (k-means++ or random point masses, or a given fit's
/// posterior), then every parameter's q from that q(z), in schedule order — the sweep that would follow it, but for z.
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

    /// <summary>
    /// Sets q(z) and updates every other variable from it: first each at its prior, so that a parameter whose message
    /// reads another's q (a mean reads its precision's) finds one, then each from all its messages, in schedule order.
    /// </summary>
    public static void From(FactorGraph graph, DiscretePlateNode z, double[] responsibilities)
    {
        z.Initialize(responsibilities);
        var parameters = graph.Schedule.Where(node => node != z).ToArray();
        foreach (var node in parameters) node.Update(priorsOnly: true);
        foreach (var node in parameters) node.Update();
    }
}
