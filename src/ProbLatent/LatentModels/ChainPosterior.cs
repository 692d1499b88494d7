using ProbLatent.Numerics;

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
    readonly ChainPotentials? _potentials;

    /// <param name="potentials">What q(z) is proportional to, for drawing paths and their log q; null where only its moments are known.</param>
    internal ChainPosterior(double[] marginals, IReadOnlyList<int> lengths, int states, double[] initialCounts, double[] transitionCounts, double entropy,
        ChainPotentials? potentials = null)
        : this(marginals, lengths, states, initialCounts, transitionCounts, entropy, potentials, check: true) { }

    ChainPosterior(double[] marginals, IReadOnlyList<int> lengths, int states, double[] initialCounts, double[] transitionCounts, double entropy,
        ChainPotentials? potentials, bool check)
        : base(marginals, lengths.Sum(), states, check)
    {
        Lengths = lengths;
        _initialCounts = initialCounts;
        _transitionCounts = transitionCounts;
        _entropy = entropy;
        _potentials = potentials;
    }

    /// <summary>
    /// The exact posterior forward–backward made, taken over unchecked as <see cref="DiscretePosterior.FromEStep"/> takes a
    /// mixture's: its marginals are normalised where they were made, once per Baum–Welch iteration.
    /// </summary>
    internal static ChainPosterior FromForwardBackward(double[] marginals, IReadOnlyList<int> lengths, int states, double[] initialCounts,
        double[] transitionCounts, double entropy, ChainPotentials potentials) =>
        new(marginals, lengths, states, initialCounts, transitionCounts, entropy, potentials, check: false);

    /// <summary>Whether paths can be drawn from q and scored by it: true for the exact posterior and VMP's chain q.</summary>
    public bool CanSample => _potentials is not null;

    /// <summary>One path of states per sequence drawn from q(z), by forward filtering and backward sampling.</summary>
    public int[][] SamplePaths(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var potentials = Potentials;
        var paths = new int[Lengths.Count][];
        int start = 0;
        for (int s = 0; s < Lengths.Count; s++)
        {
            paths[s] = new int[Lengths[s]];
            ChainRecursions.SamplePath(potentials.Initial, potentials.Transitions, potentials.LogEmissions.AsSpan(start * States, Lengths[s] * States), Lengths[s], States, random, paths[s]);
            start += Lengths[s];
        }
        return paths;
    }

    /// <summary>log q(z) of one path per sequence: the log of its potentials less each sequence's log normaliser.</summary>
    public double LogDensity(IReadOnlyList<int[]> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count != Lengths.Count || paths.Where((p, s) => p.Length != Lengths[s]).Any())
            throw new ArgumentException($"give one path per sequence, of {string.Join(", ", Lengths)} steps", nameof(paths));
        var potentials = Potentials;
        int k = States, start = 0;
        double sum = 0;
        for (int s = 0; s < Lengths.Count; s++)
        {
            int length = Lengths[s];
            var table = potentials.LogEmissions.AsSpan(start * k, length * k);
            var work = new double[(3 + 2 * k) * length];
            sum -= ChainRecursions.Forward(potentials.Initial, potentials.Transitions, table, length, k,
                work.AsSpan(3 * length, k * length), work.AsSpan(0, length), work.AsSpan(length, length), work.AsSpan(2 * length, length), work.AsSpan((3 + k) * length));
            var path = paths[s];
            for (int t = 0; t < length; t++)
            {
                if ((uint)path[t] >= (uint)k) throw new ArgumentException($"state {path[t]} at step {t} of sequence {s} is not one of the {k} states", nameof(paths));
                sum += Math.Log(t == 0 ? potentials.Initial[path[0]] : potentials.Transitions[path[t - 1] * k + path[t]]) + table[t * k + path[t]];
            }
            start += length;
        }
        return sum;
    }

    ChainPotentials Potentials => _potentials ?? throw new NotSupportedException("this chain posterior keeps only its moments, not the potentials a path is drawn from");

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

/// <summary>
/// What a chain q(z) is proportional to along each sequence: initial(z₁) Πₜ transitions(zₜ₋₁, zₜ) Πₜ exp(logEmissions[t, zₜ]),
/// positive potentials that need not be normalised (VMP's exp E[log π] and exp E[log A]).
/// </summary>
internal sealed record ChainPotentials(double[] Initial, double[] Transitions, double[] LogEmissions);
