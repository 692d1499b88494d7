using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The check a VMP Gaussian mixture's kept fit passes: every component the posterior has not emptied (E[Nₖ] ≥ 1) holds
/// points with a spread of their own in every direction. The prior keeps such a component's covariance finite, but it
/// is the prior's, not the data's: a component on one or two points of 2-D data, whatever the likelihood says.
/// </summary>
internal static class MixtureSpread
{
    /// <summary>Below this share of a column's variance, summed over its points, a component's own spread counts as none.</summary>
    public const double Floor = 1e-6;

    /// <exception cref="CollapsedComponentException">A component that is not emptied has no spread in some direction.</exception>
    public static void Check(DataMatrix data, DiscretePosterior q, bool full)
    {
        var statistics = MixtureScatter.Of(data, q.ProbabilityTable, q.States, full, q.StateCounts(), MixtureScatter.WeightedSums(data, q.ProbabilityTable, q.States), countFloor: 1e-300);
        var flat = ComponentSpread.FirstFlat(statistics, SampleMoments.ColumnScales(data), Floor, minimumCount: 1);
        if (flat is null) return;
        throw CollapsedComponentException.For(flat, data, statistics, q.Row, HeldBy, Advice(q.States));
    }

    /// <summary>
    /// The same over rows read in passes (a data source, shards), whose q(zₙ) is not kept, from the moments of q about the origin that the last pass
    /// gathered (a one-pass scatter, as the gate's own messages take it) and each column's variance over the source.
    /// </summary>
    /// <exception cref="CollapsedComponentException">A component that is not emptied has no spread in some direction.</exception>
    public static void Check(IReadOnlyList<string> columnNames, long rows, MixtureSums moments, double[] columnVariances)
    {
        var statistics = MixtureScatter.FromSums(moments, moments.Counts.ToArray(), moments.Kind == MixtureMoments.Second.LowerTriangle, countFloor: 1e-300);
        var flat = ComponentSpread.FirstFlat(statistics, columnVariances, Floor, minimumCount: 1);
        if (flat is null) return;
        throw CollapsedComponentException.For(flat, columnNames, rows, statistics, HeldBy, Advice(moments.Components));
    }

    const string HeldBy = "only the prior holds its covariance up";

    static string Advice(int components) => components > 1
        ? CollapsedComponentException.Advice(components, "give the weights a smaller Dirichlet concentration (VmpPriors.WeightConcentration, " +
            "--prior-weights) so that VMP can empty the components the data does not need")
        : "fit it to rows with spread in every direction, or state a prior on the precisions that holds its covariance up (Model.Prior, or the --prior-… options)";
}
