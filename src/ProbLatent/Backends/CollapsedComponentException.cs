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
    public static string Advice(int components, string otherwise, CollapseWords? words = null) =>
        components > 1 ? $"fit fewer than {Counted.Of(components, (words ?? CollapseWords.Mixture).Component)}, or {otherwise}" : otherwise;

    /// <summary>
    /// Says which component collapsed, onto how many points, why that is a spike, and (<paramref name="advice"/>) what to change;
    /// <paramref name="responsibilities"/> are the posterior rows that say which points it holds, in <paramref name="words"/>' terms.
    /// </summary>
    public static CollapsedComponentException For(ComponentSpread.Flat flat, DataMatrix data, MixtureScatter scatter,
        MixtureScatter.ResponsibilitiesOf responsibilities, string covarianceHeldBy, string advice, CollapseWords? words = null) =>
        For(flat, data.ColumnNames, data.Rows, $"{ComponentSpread.DistinctPointsHeld(data, responsibilities, flat.Component)} distinct, ", scatter, covarianceHeldBy, advice,
            words ?? CollapseWords.Mixture);

    /// <summary>The same for a data source, whose points are not kept to count the distinct ones among them.</summary>
    public static CollapsedComponentException For(ComponentSpread.Flat flat, DataSource source, MixtureScatter scatter, string covarianceHeldBy, string advice) =>
        For(flat, source.ColumnNames, source.Rows ?? 0, "", scatter, covarianceHeldBy, advice, CollapseWords.Mixture);

    /// <summary>A component of a fit over rows held elsewhere (shards), named by the columns and the row count.</summary>
    public static CollapsedComponentException For(ComponentSpread.Flat flat, IReadOnlyList<string> columnNames, long rows, MixtureScatter scatter,
        string covarianceHeldBy, string advice) =>
        For(flat, columnNames, rows, "", scatter, covarianceHeldBy, advice, CollapseWords.Mixture);

    static CollapsedComponentException For(ComponentSpread.Flat flat, IReadOnlyList<string> columnNames, long rows, string distinct, MixtureScatter scatter,
        string covarianceHeldBy, string advice, CollapseWords words)
    {
        int d = columnNames.Count;
        string along = flat.Column is int j ? $"in column '{columnNames[j]}'" : "along some direction of the data";
        string needs = scatter.IsFull
            ? $"a full covariance in {Counted.Of(d, "dimension")} needs at least {d + 1} distinct points in general position"
            : "a diagonal covariance needs two distinct values in every column";
        return new CollapsedComponentException(
            $"{words.Component} {flat.Component} of {scatter.Components} collapsed: the {words.Rows} it holds ({distinct}weight " +
            $"{flat.Count.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} of {(words.Row is { } unit ? Counted.Of(rows, unit) : rows)}) have no spread {along}, " +
            $"so {covarianceHeldBy}, and its likelihood is a spike on them; {needs}: {advice}");
    }
}

/// <summary>
/// What a collapse message calls a component and the rows it holds: a mixture's components hold points; a hidden Markov
/// model's states hold the steps of its sequences, counted from the chain's posterior marginals, and the total names them.
/// </summary>
internal sealed record CollapseWords(string Component, string? Row, string Rows)
{
    public static readonly CollapseWords Mixture = new("component", null, "points");
    public static readonly CollapseWords Chain = new("state", "step", "steps");
}
