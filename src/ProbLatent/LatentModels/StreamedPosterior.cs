namespace ProbLatent.LatentModels;

/// <summary>
/// q(z) of a fit over a data source read block by block (<see cref="Data.DataSource"/>): the blocks' responsibilities were
/// summed and dropped, so what is kept is their sum, the expected number of points in each state, not the N×S table a fit
/// in memory holds. Encode the data (a block at a time, for data larger than memory) for each point's q(zₙ).
/// </summary>
public sealed class StreamedPosterior : IPosterior
{
    readonly double[] _expectedCounts;

    public StreamedPosterior(double[] expectedCounts, int count, string source)
    {
        ArgumentNullException.ThrowIfNull(expectedCounts);
        _expectedCounts = expectedCounts.ToArray();
        Count = count;
        Source = source;
    }

    public int Count { get; }

    /// <summary>The source the fit read.</summary>
    public string Source { get; }

    /// <summary>E[Nₛ] = Σₙ q(zₙ = s) for every state.</summary>
    public double[] ExpectedCounts() => _expectedCounts.ToArray();

    /// <exception cref="InvalidOperationException">Always: the points' q(zₙ) were not kept.</exception>
    public double[] Means() => throw NotKept();

    /// <exception cref="InvalidOperationException">Always: the points' q(zₙ) were not kept.</exception>
    public double KlDivergence(IPosterior other) => throw NotKept();

    InvalidOperationException NotKept() =>
        new($"the fit read the {Count} rows of {Source} block by block and kept only q(z)'s expected counts, not each row's q(zₙ): encode the data to get them");
}
