namespace ProbLatent.LatentModels;

/// <summary>
/// q(z) over the states of a Markov chain for every step of a set of sequences: a chain itself (q(z₁) Πₜ q(zₜ | zₜ₋₁) per
/// sequence), held by what an ELBO and an M step read — the marginals q(zₜ) of every step (the rows of this
/// <see cref="DiscretePosterior"/>, steps end to end in sequence order), the expected initial states Σₛ q(zₛ₁), the expected
/// transitions Σₛ Σₜ q(zₜ₋₁ = i, zₜ = j) and the chain's entropy, whose steps are not independent: <see cref="Entropy"/> is
/// H[q] of the joint, less than the sum of the marginals' entropies.
/// </summary>
public sealed class ChainPosterior : DiscretePosterior
{
    readonly double[] _initialCounts;
    readonly double[] _transitionCounts;
    readonly double _entropy;

    internal ChainPosterior(double[] marginals, IReadOnlyList<int> lengths, int states, double[] initialCounts, double[] transitionCounts, double entropy)
        : base(marginals, lengths.Sum(), states)
    {
        Lengths = lengths;
        _initialCounts = initialCounts;
        _transitionCounts = transitionCounts;
        _entropy = entropy;
    }

    /// <summary>The number of steps of each sequence, whose marginals follow one another in the rows.</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary>Σₛ q(zₛ₁ = k): the expected number of sequences that start in each state.</summary>
    public IReadOnlyList<double> InitialCounts => _initialCounts;

    /// <summary>Σₛ Σₜ q(zₜ₋₁ = i, zₜ = j), K×K row-major: the expected number of moves from state i to state j.</summary>
    public IReadOnlyList<double> TransitionCounts => _transitionCounts;

    internal ReadOnlySpan<double> InitialCountsSpan => _initialCounts;
    internal ReadOnlySpan<double> TransitionCountsSpan => _transitionCounts;

    /// <summary>H[q] = −E_q[log q(z)] of the chains (the sum over sequences).</summary>
    public override double Entropy() => _entropy;

    /// <summary>
    /// Refused: KL(q ‖ p) between two chains reads their pairwise conditionals at every step, which this posterior does not
    /// keep (it holds O(T·K) numbers, not O(T·K²)). The gap of an exact posterior's ELBO, log p(x) − ELBO, is the KL it would give.
    /// </summary>
    public override double KlDivergence(IPosterior other) => throw new NotSupportedException(
        "the KL divergence between two chain posteriors needs their pairwise conditionals at every step, which a ChainPosterior does not keep; " +
        "use the ELBO's gap, log p(x) − ELBO(q), which is KL(q ‖ p(z | x))");
}
