using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// z₁ ~ Discrete(π) and zₜ | zₜ₋₁ ~ Discrete(A[zₜ₋₁]) along each sequence of a Discrete plate (the Bayesian hidden Markov
/// model of MacKay 1997 and Beal 2003), with q(π) and each q(Aᵢ) Dirichlet. Its message to z is not a message per row:
/// q(z) is itself a chain, q(z) ∝ exp(E[log π_z₁]) Πₜ exp(E[log A_zₜ₋₁zₜ]) Πₜ exp(ℓₜ(zₜ)) with ℓ the other factors' log
/// messages, whose marginals, expected initial states and expected transitions the plate gets from <see cref="Infer"/> by
/// forward–backward. To π: the expected initial states n₁ₖ = Σₛ q(zₛ₁ = k); to row i of A: the expected moves
/// nᵢⱼ = Σₛ Σₜ q(zₜ₋₁ = i, zₜ = j).
/// </summary>
internal sealed class MarkovChainFactor : Factor
{
    readonly DirichletNode _initial;
    readonly DirichletNode[] _rows;
    readonly int _k;

    /// <param name="lengths">The steps of each sequence, whose rows follow one another on the plate.</param>
    public MarkovChainFactor(string name, DirichletNode initial, DirichletNode[] rows, IReadOnlyList<int> lengths) : base(name)
    {
        _initial = initial;
        _rows = rows;
        _k = initial.Dimension;
        Lengths = lengths;
        InitialCounts = new double[_k];
        TransitionCounts = new double[_k * _k];
    }

    public IReadOnlyList<int> Lengths { get; }

    /// <summary>What the plate's q(z) is proportional to since its last inference; null while it is the start's, a product over the steps.</summary>
    public ChainPotentials? Potentials { get; private set; }

    /// <summary>n₁ of the plate's current q(z).</summary>
    public double[] InitialCounts { get; }

    /// <summary>n, K×K row-major, of the plate's current q(z).</summary>
    public double[] TransitionCounts { get; }

    /// <summary>
    /// q(z) as a chain from the other factors' log messages ℓ (N×K): its marginals into <paramref name="probabilities"/>, its
    /// expected initial states and transitions kept here, and its entropy returned,
    /// H[q] = Σₛ log Zₛ − Σₖ n₁ₖ E[log πₖ] − Σᵢⱼ nᵢⱼ E[log Aᵢⱼ] − Σₜₖ q(zₜ = k) ℓₜₖ, each sequence's log Zₛ the log normaliser
    /// the scaled forward pass gives (ChainRecursions works for any positive potentials, not only probabilities).
    /// </summary>
    public double Infer(double[] logMessages, double[] probabilities)
    {
        int k = _k, count = Lengths.Count, steps = probabilities.Length / k;
        var initial = _initial.MeanLog.Select(Math.Exp).ToArray();
        var transitions = _rows.SelectMany(r => r.MeanLog.Select(Math.Exp)).ToArray();
        Potentials = new ChainPotentials(initial, transitions, logMessages);
        var starts = new int[count];
        for (int s = 1; s < count; s++) starts[s] = starts[s - 1] + Lengths[s - 1];
        var logNormalisers = new double[count];
        var counts = new double[count * k * k];
        var work = new double[3 * steps];
        var densities = new double[steps * k];
        void Run(int s)
        {
            int start = starts[s], length = Lengths[s];
            logNormalisers[s] = ChainRecursions.ForwardBackward(initial, transitions, logMessages.AsSpan(start * k, length * k), length, k,
                probabilities.AsSpan(start * k, length * k), work.AsSpan(start, length), work.AsSpan(steps + start, length),
                work.AsSpan(2 * steps + start, length), densities.AsSpan(start * k, length * k), counts.AsSpan(s * k * k, k * k), default);
        }
        if (count == 1) Run(0);
        else Parallel.For(0, count, Run);
        Array.Clear(InitialCounts);
        Array.Clear(TransitionCounts);
        double entropy = 0;
        for (int s = 0; s < count; s++)
        {
            if (double.IsNegativeInfinity(logNormalisers[s]))
                throw new ImproperPosteriorException($"sequence {s} has no path of states with a positive weight under q(π), q(A) and its steps' messages");
            entropy += logNormalisers[s];
            for (int j = 0; j < k; j++) InitialCounts[j] += probabilities[starts[s] * k + j];
            for (int i = 0; i < k * k; i++) TransitionCounts[i] += counts[s * k * k + i];
        }
        for (int i = 0; i < logMessages.Length; i++)
            if (probabilities[i] != 0) entropy -= probabilities[i] * logMessages[i];
        return entropy - AverageLog();
    }

    /// <summary>The counts of a q(z) given by its marginals alone, as a chain whose steps are independent: q(zₜ₋₁, zₜ) = q(zₜ₋₁) q(zₜ).</summary>
    public void Start(ReadOnlySpan<double> probabilities)
    {
        Potentials = null;
        int k = _k, row = 0;
        Array.Clear(InitialCounts);
        Array.Clear(TransitionCounts);
        foreach (int length in Lengths)
        {
            for (int j = 0; j < k; j++) InitialCounts[j] += probabilities[row * k + j];
            for (int t = 1; t < length; t++)
            {
                var previous = probabilities.Slice((row + t - 1) * k, k);
                var next = probabilities.Slice((row + t) * k, k);
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++) TransitionCounts[i * k + j] += previous[i] * next[j];
            }
            row += length;
        }
    }

    public override void SendTo(Node argument)
    {
        if (argument == _initial) Add(_initial, InitialCounts);
        else if (Array.IndexOf(_rows, argument) is var i and >= 0) Add(_rows[i], TransitionCounts.AsSpan(i * _k, _k));
        else throw NotAnArgument(argument);
    }

    static void Add(DirichletNode node, ReadOnlySpan<double> counts)
    {
        for (int j = 0; j < counts.Length; j++) node.NaturalSum[j] += counts[j];
    }

    /// <summary>E_q[log p(z | π, A)] = Σₖ n₁ₖ E[log πₖ] + Σᵢⱼ nᵢⱼ E[log Aᵢⱼ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int j = 0; j < _k; j++)
            if (InitialCounts[j] > 0) value += InitialCounts[j] * _initial.MeanLog[j];
        for (int i = 0; i < _k; i++)
            for (int j = 0; j < _k; j++)
                if (TransitionCounts[i * _k + j] > 0) value += TransitionCounts[i * _k + j] * _rows[i].MeanLog[j];
        return value;
    }
}
