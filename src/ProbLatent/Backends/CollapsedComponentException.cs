using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends;

/// <summary>
/// A mixture component that collapsed onto too few distinct points (see <see cref="ComponentSpread"/>); the fit loop
/// that catches it reports it as a <see cref="FitDivergedException"/> with the iteration and restart.
/// </summary>
internal sealed class CollapsedComponentException(string message) : ProbLatentException(message)
{
    /// <summary>
    /// The advice of a collapse: fitting fewer components comes first where there are several to give up, and is not
    /// offered to a one-component fit, whose collapse is the data's own lack of spread.
    /// </summary>
    public static string Advice(int components, string otherwise) =>
        components > 1 ? $"fit fewer than {Counted.Of(components, "component")}, or {otherwise}" : otherwise;

    /// <summary>Says which component collapsed, onto how many points, why that is a spike, and (<paramref name="advice"/>) what to change.</summary>
    public static CollapsedComponentException For(ComponentSpread.Flat flat, DataMatrix data, MixtureScatter scatter,
        MixtureScatter.ResponsibilitiesOf responsibilities, string covarianceHeldBy, string advice)
    {
        int d = data.Columns, points = ComponentSpread.DistinctPointsHeld(data, responsibilities, flat.Component);
        string along = flat.Column is int j ? $"in column '{data.ColumnNames[j]}'" : "along some direction of the data";
        string needs = scatter.IsFull
            ? $"a full covariance in {Counted.Of(d, "dimension")} needs at least {d + 1} distinct points in general position"
            : "a diagonal covariance needs two distinct values in every column";
        return new CollapsedComponentException(
            $"component {flat.Component} of {scatter.Components} collapsed: the points it holds ({points} distinct, weight " +
            $"{flat.Count.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} of {data.Rows}) have no spread {along}, " +
            $"so {covarianceHeldBy}, and its likelihood is a spike on them; {needs}: {advice}");
    }
}
