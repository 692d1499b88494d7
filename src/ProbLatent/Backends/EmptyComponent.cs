namespace ProbLatent.Backends;

/// <summary>A mixture component that a fit's q(z) has emptied (see <see cref="FitResult.EmptyComponents"/>).</summary>
/// <param name="Index">The component's index, as the fitted parameters number them.</param>
/// <param name="ExpectedCount">E[Nₖ] = Σₙ q(zₙ = k): the points q gives it, in expectation.</param>
public sealed record EmptyComponent(int Index, double ExpectedCount)
{
    /// <summary>A component holding less than this many points in expectation is empty.</summary>
    public const double Threshold = 1;
}
