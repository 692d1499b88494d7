using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// Finds a mixture component that has collapsed: one whose own points have no spread in some direction, measured in
/// units of each column's variance, so that only a regulariser or a prior keeps its covariance from being singular.
/// A full covariance in d dimensions needs d + 1 distinct points in general position; a diagonal one, two distinct
/// values in every column.
/// </summary>
internal static class ComponentSpread
{
    /// <summary>A collapsed component: its index, Nₖ, and the column it has no spread in (null: a direction of a full covariance).</summary>
    public sealed record Flat(int Component, double Count, int? Column);

    /// <summary>
    /// The first component with Nₖ above <paramref name="minimumCount"/> whose scatter Sₖ, divided by each column's
    /// variance sⱼ², is at most <paramref name="floor"/> in some direction — for a full covariance, the smallest
    /// eigenvalue of D^−½ Sₖ D^−½ with D = diag(s²); for a diagonal one, Sₖⱼⱼ / sⱼ² in some column — or null.
    /// </summary>
    public static Flat? FirstFlat(MixtureScatter scatter, ReadOnlySpan<double> columnVariances, double floor, double minimumCount)
    {
        int d = scatter.Dimension;
        var scaled = new double[scatter.IsFull ? d * d : d];
        for (int c = 0; c < scatter.Components; c++)
        {
            if (!(scatter.Counts[c] > minimumCount)) continue;
            if (scatter.IsFull)
            {
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++)
                        scaled[a * d + b] = scatter.Scatters[c * d * d + a * d + b] / Math.Sqrt(columnVariances[a] * columnVariances[b])
                                            - (a == b ? floor : 0);
                // Sₖ/D − floor·I is positive definite exactly when every eigenvalue of the scaled scatter exceeds the floor.
                if (!Cholesky.TryFactor(scaled, d, out _, out _)) return new Flat(c, scatter.Counts[c], null);
            }
            else
                for (int j = 0; j < d; j++)
                    if (!(scatter.Scatters[c * d + j] / columnVariances[j] > floor)) return new Flat(c, scatter.Counts[c], j);
        }
        return null;
    }

    /// <summary>The distinct rows among those whose responsibility for <paramref name="component"/> is at least ½: the points it holds.</summary>
    public static int DistinctPointsHeld(DataMatrix data, MixtureScatter.ResponsibilitiesOf responsibilities, int component)
    {
        var rows = new HashSet<string>();
        for (int n = 0; n < data.Rows; n++)
            if (responsibilities(n)[component] >= 0.5) rows.Add(string.Join(',', data.Row(n).ToArray().Select(v => BitConverter.DoubleToInt64Bits(v))));
        return rows.Count;
    }
}
