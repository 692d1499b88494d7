using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// q(zₙ) over S discrete states for each of N points: an N×S row-major table of probabilities
/// (the responsibilities of a mixture, or a distribution over the 2ⁿ states of boolean latents).
/// </summary>
public class DiscretePosterior : IPosterior
{
    readonly double[] _probabilities;

    /// <param name="probabilities">N×S row-major; each row must be non-negative and sum to 1 (within 1e-9). Taken over, not copied.</param>
    public DiscretePosterior(double[] probabilities, int count, int states) : this(probabilities, count, states, check: true) { }

    /// <param name="check">False for a table an exact E step made, whose rows are normalised by construction: not checked again.</param>
    private protected DiscretePosterior(double[] probabilities, int count, int states, bool check)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (count < 1 || states < 1 || probabilities.Length != count * states)
            throw new ArgumentException($"expected {count}×{states} probabilities, got {probabilities.Length}", nameof(probabilities));
        if (check) CheckRows(probabilities, count, states);
        _probabilities = probabilities;
        Count = count;
        States = states;
    }

    static void CheckRows(double[] probabilities, int count, int states)
    {
        for (int n = 0; n < count; n++)
        {
            double sum = 0;
            for (int s = 0; s < states; s++)
            {
                double p = probabilities[n * states + s];
                if (!(p >= 0) || p > 1 + 1e-12)
                    throw new ArgumentException($"q for point {n}, state {s} is {p}, not a probability", nameof(probabilities));
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9)
                throw new ArgumentException($"q for point {n} sums to {sum}, not 1", nameof(probabilities));
        }
    }

    /// <summary>
    /// The exact posterior of an E step (<see cref="DiscreteLatentModel.PosteriorProbabilities(Data.DataMatrix, out double, double[])"/>),
    /// taken over unchecked: its rows were normalised where they were made, and a NaN among them makes the step's log p(x)
    /// NaN, which the fit reports as a diverged fit naming its iteration.
    /// </summary>
    internal static DiscretePosterior FromEStep(double[] probabilities, int count, int states) => new(probabilities, count, states, check: false);

    /// <summary>The table itself, for an E step to write the next posterior into once nothing reads this one (EM's last-but-one q).</summary>
    internal double[] Storage => _probabilities;

    public int Count { get; }
    public int States { get; }

    /// <summary>q(zₙ = s), row-major N×S.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>The same N×K table, for bulk statistics over row blocks on several threads (a span cannot be shared with them).</summary>
    internal ReadOnlyMemory<double> ProbabilityTable => _probabilities;

    public ReadOnlySpan<double> Row(int n) => _probabilities.AsSpan(n * States, States);

    /// <summary>Σₙ q(zₙ = s) for every state: the expected number of points in each.</summary>
    internal double[] StateCounts()
    {
        // Point by point, in order, as an M step's counts have always been summed; a vector add per row costs more than
        // it saves on rows of a few states.
        var counts = new double[States];
        for (int n = 0, i = 0; n < Count; n++)
            for (int s = 0; s < States; s++) counts[s] += _probabilities[i++];
        return counts;
    }

    /// <summary>The most probable state of each point (a hard assignment).</summary>
    public int[] MostProbable()
    {
        var result = new int[Count];
        for (int n = 0; n < Count; n++)
        {
            var row = Row(n);
            int best = 0;
            for (int s = 1; s < States; s++) if (row[s] > row[best]) best = s;
            result[n] = best;
        }
        return result;
    }

    /// <summary>E[Nₛ] = Σₙ q(zₙ = s) for every state: how many points q puts in each, in expectation.</summary>
    public double[] ExpectedCounts()
    {
        var counts = new double[States];
        for (int n = 0; n < Count; n++)
        {
            var row = Row(n);
            for (int s = 0; s < States; s++) counts[s] += row[s];
        }
        return counts;
    }

    /// <summary>For a categorical latent, the probabilities of the states.</summary>
    public virtual double[] Means() => _probabilities.ToArray();

    /// <summary>Σₙ H[qₙ]; for a posterior whose points are not independent (a chain's), the entropy of the joint q.</summary>
    public virtual double Entropy()
    {
        return Categorical.EntropyOf(_probabilities);
    }

    public virtual double KlDivergence(IPosterior other)
    {
        if (other is not DiscretePosterior p || p.Count != Count || p.States != States)
            throw new ArgumentException($"KL needs another discrete posterior over {Count} points and {States} states", nameof(other));
        return KullbackLeibler.Categoricals(_probabilities, p._probabilities);
    }
}
