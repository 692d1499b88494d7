using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A hidden Markov model: in each sequence z₁ ~ π, zₜ | zₜ₋₁ ~ A[zₜ₋₁], and xₜ | zₜ = k from component k of the emission
/// model (a <see cref="GaussianMixture"/>, full or diagonal, a <see cref="BernoulliMixture"/> or a <see cref="CategoricalMixture"/>, whose own weights the
/// chain does not use). Exact inference runs on sequences (<see cref="SequenceData"/>): log p(x) and the marginals
/// p(zₜ | x) by the scaled forward–backward algorithm, the pairwise marginals, the most probable path by Viterbi, and draws
/// of new sequences. Each sequence runs in memory proportional to its steps times the states, and several sequences run in
/// parallel. The <see cref="ILatentModel"/> members read a <see cref="DataMatrix"/> as one sequence in row order; there
/// <see cref="PointLogLikelihoods(DataMatrix)"/> gives each step's log p(xₜ | x₁..ₜ₋₁), which add up to log p(x).
/// </summary>
public sealed class HiddenMarkovModel : ILatentModel
{
    readonly double[] _initial;
    readonly double[] _transitions;
    readonly double[] _logInitial;
    readonly double[] _logTransitions;

    /// <param name="initial">π: K probabilities summing to 1.</param>
    /// <param name="transitions">A: K×K row-major, each row a probability vector (row i: the next state after state i).</param>
    /// <param name="emissions">The K-component emission model: component k is p(xₜ | zₜ = k).</param>
    public HiddenMarkovModel(double[] initial, double[] transitions, DiscreteLatentModel emissions)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(emissions);
        if (emissions is not (GaussianMixture or BernoulliMixture or CategoricalMixture))
            throw new ArgumentException($"a hidden Markov model's emissions are a Gaussian, Bernoulli or categorical mixture's components, not a {emissions.Family}", nameof(emissions));
        int k = initial.Length;
        if (k < 1) throw new ArgumentException("a chain needs at least one state", nameof(initial));
        if (emissions.StateCount != k)
            throw new ArgumentException($"the chain has {k} states but the emission model has {emissions.StateCount} components", nameof(emissions));
        if (transitions.Length != k * k) throw new ArgumentException($"expected {k}×{k} transition probabilities, got {transitions.Length}", nameof(transitions));
        CheckDistribution(initial, "the initial distribution", nameof(initial));
        for (int i = 0; i < k; i++) CheckDistribution(transitions.AsSpan(i * k, k), $"row {i} of the transition matrix", nameof(transitions));
        _initial = initial;
        _transitions = transitions;
        _logInitial = initial.Select(p => Math.Log(p)).ToArray();
        _logTransitions = transitions.Select(p => Math.Log(p)).ToArray();
        Emissions = emissions;
    }

    /// <summary>K, the number of hidden states.</summary>
    public int States => _initial.Length;

    /// <summary>π, the distribution of each sequence's first state.</summary>
    public IReadOnlyList<double> Initial => _initial;

    /// <summary>A, K×K row-major: <c>Transitions[i * K + j]</c> = p(zₜ = j | zₜ₋₁ = i).</summary>
    public IReadOnlyList<double> Transitions => _transitions;

    /// <summary>p(zₜ = j | zₜ₋₁ = i).</summary>
    public double Transition(int from, int to) => _transitions[from * States + to];

    /// <summary>The emission model, whose component k is p(xₜ | zₜ = k); its mixing weights are not the chain's.</summary>
    public DiscreteLatentModel Emissions { get; }

    /// <summary>The expected number of steps a visit to each state lasts, 1/(1 − Aₖₖ) (∞ for an absorbing state).</summary>
    public double[] ExpectedDurations() => Enumerable.Range(0, States).Select(k => 1 / (1 - Transition(k, k))).ToArray();

    public ModelFamily Family => ModelFamily.HiddenMarkovModel;
    public int DataDimension => Emissions.DataDimension;

    /// <summary>(K − 1) for π, K(K − 1) for A, and the emission model's parameters less its weights.</summary>
    public int ParameterCount => States - 1 + States * (States - 1) + Emissions.ParameterCount - (States - 1);

    internal ReadOnlySpan<double> InitialSpan => _initial;
    internal ReadOnlySpan<double> TransitionsSpan => _transitions;

    // ---- evaluation ----

    /// <summary>log p(x) of every sequence, summed.</summary>
    public double LogLikelihood(SequenceData data) => Infer(data, pairwise: false).LogLikelihood;

    /// <summary>log p(x) of each sequence, in order.</summary>
    public double[] SequenceLogLikelihoods(SequenceData data) => Infer(data, pairwise: false).SequenceLogLikelihoods;

    /// <summary>Each step's log p(xₜ | x₁..ₜ₋₁) of one sequence in row order; they add up to its log p(x).</summary>
    public double[] PointLogLikelihoods(DataMatrix data) => PointLogLikelihoods(SequenceData.Single(data));

    /// <summary>Each step's log p(xₜ | x₁..ₜ₋₁), steps end to end as in <see cref="SequenceData.Steps"/>.</summary>
    public double[] PointLogLikelihoods(SequenceData data) => Infer(data, pairwise: false).StepLogLikelihoods;

    /// <summary>The exact posterior of one sequence in row order: a <see cref="ChainPosterior"/>.</summary>
    public IPosterior Posterior(DataMatrix data) => Posterior(SequenceData.Single(data));

    /// <summary>The exact posterior p(z | x) of every sequence: marginals, expected initial states and transitions, entropy.</summary>
    public ChainPosterior Posterior(SequenceData data) => Infer(data, pairwise: false).Posterior;

    /// <summary>
    /// p(zₜ₋₁ = i, zₜ = j | x) for t = 1..T − 1 of one sequence, (T − 1)×K×K row-major (step by step, then i, then j): memory
    /// T·K², for looking at a sequence; the fits use only their sum, <see cref="ChainPosterior.TransitionCounts"/>.
    /// </summary>
    public double[] PairwiseMarginals(DataMatrix sequence) => Infer(SequenceData.Single(sequence), pairwise: true).Pairwise!;

    /// <summary>The most probable state path of one sequence, z* = argmax p(z | x), and log p(x, z*).</summary>
    public ViterbiPath Viterbi(DataMatrix sequence) => Viterbi(SequenceData.Single(sequence))[0];

    /// <summary>The most probable state path of each sequence, in order.</summary>
    public IReadOnlyList<ViterbiPath> Viterbi(SequenceData data)
    {
        var table = LogEmissionTable(data);
        int k = States;
        var paths = new ViterbiPath[data.Count];
        Parallel.For(0, data.Count, s =>
        {
            int start = data.Start(s), length = data.Lengths[s];
            var path = new int[length];
            var pointers = new int[length * k];
            double logJoint = ChainRecursions.Viterbi(_logInitial, _logTransitions, table.AsSpan(start * k, length * k), length, k, pointers, path);
            paths[s] = new ViterbiPath(path, logJoint);
        });
        return paths;
    }

    /// <summary>log p(x, z) of one sequence and a state path through it (one state per row).</summary>
    public double LogJoint(DataMatrix sequence, IReadOnlyList<int> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var data = SequenceData.Single(sequence);
        if (path.Count != sequence.Rows) throw new ArgumentException($"the path has {path.Count} states but the sequence has {sequence.Rows} steps", nameof(path));
        var table = LogEmissionTable(data);
        int k = States;
        double sum = 0;
        for (int t = 0; t < path.Count; t++)
        {
            int state = path[t];
            if ((uint)state >= (uint)k) throw new ArgumentException($"state {state} at step {t} is not one of the {k} states", nameof(path));
            sum += (t == 0 ? _logInitial[state] : _logTransitions[path[t - 1] * k + state]) + table[t * k + state];
        }
        return sum;
    }

    /// <summary>The ELBO of a chain posterior over one sequence in row order.</summary>
    public ElboTerms Elbo(DataMatrix data, IPosterior q) => Elbo(SequenceData.Single(data), q);

    /// <summary>
    /// The ELBO of a chain posterior q over the sequences, by its terms: E_q[log p(x | z)], E_q[log p(z)] (the initial states
    /// and the transitions), and H[q]; at the exact posterior it is log p(x).
    /// </summary>
    public ElboTerms Elbo(SequenceData data, IPosterior q)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (q is not ChainPosterior chain || !chain.Lengths.SequenceEqual(data.Lengths) || chain.States != States)
            throw new ArgumentException($"q must be a chain posterior over sequences of {string.Join(", ", data.Lengths)} steps and {States} states", nameof(q));
        var table = LogEmissionTable(data);
        return new ElboTerms(ExpectedLogLikelihood(table, chain.Probabilities), LogPriorExpectation(chain.InitialCountsSpan, chain.TransitionCountsSpan), chain.Entropy());
    }

    /// <summary>E_q[log p(x | z)] = Σ q(zₜ = k) log p(xₜ | k) over a log emission table and q's marginals (a zero marginal adds nothing, also where a density is 0).</summary>
    static double ExpectedLogLikelihood(ReadOnlySpan<double> table, ReadOnlySpan<double> marginals)
    {
        double likelihood = 0;
        for (int i = 0; i < table.Length; i++)
            if (marginals[i] != 0) likelihood += marginals[i] * table[i];
        return likelihood;
    }

    /// <summary>Σₖ n₁ₖ log πₖ + Σᵢⱼ nᵢⱼ log Aᵢⱼ for expected initial states n₁ and transitions n (a zero count adds nothing, also where a probability is 0).</summary>
    internal double LogPriorExpectation(ReadOnlySpan<double> initialCounts, ReadOnlySpan<double> transitionCounts)
    {
        double sum = 0;
        for (int k = 0; k < States; k++) if (initialCounts[k] != 0) sum += initialCounts[k] * _logInitial[k];
        for (int i = 0; i < transitionCounts.Length; i++) if (transitionCounts[i] != 0) sum += transitionCounts[i] * _logTransitions[i];
        return sum;
    }

    /// <summary>log p(xₜ | zₜ = k) for every step and state, after checking the data suits the emissions.</summary>
    double[] LogEmissionTable(SequenceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Emissions.CheckEvaluationData(data.Steps);
        var table = new double[data.Steps.Rows * States];
        Emissions.StateLogLikelihoodTable(data.Steps, table);
        return table;
    }

    /// <summary>The steps from which one sequence's forward and backward passes run on two cores at once: below them a thread costs more than it saves.</summary>
    const int TwoCoreSteps = 4096;

    /// <summary>Forward–backward on every sequence, in parallel, with the totals summed in sequence order.</summary>
    internal ChainInference Infer(SequenceData data, bool pairwise)
    {
        ArgumentNullException.ThrowIfNull(data);
        Emissions.CheckEvaluationData(data.Steps);
        return Infer(data, pairwise, new ChainWorkspace(data.Steps.Rows, States));
    }

    /// <summary>
    /// Forward–backward over data already checked (a fit checks its data once), in the arrays of <paramref name="workspace"/>:
    /// first the log emission table with each step's shift and shifted densities, a block of steps at a time, blocks in
    /// parallel; then the recursions, which read the densities only.
    /// </summary>
    internal ChainInference Infer(SequenceData data, bool pairwise, ChainWorkspace workspace)
    {
        int k = States, steps = data.Steps.Rows, count = data.Count;
        if (workspace.Steps != steps || workspace.States != k)
            throw new ArgumentException($"a workspace for {workspace.Steps} steps of {workspace.States} states cannot hold {steps} steps of {k}", nameof(workspace));
        var (table, gamma) = workspace.NextPosterior();
        var (densities, shifts, scales, stepLogLikelihoods) = (workspace.Densities, workspace.Shifts, workspace.Scales, workspace.StepLogLikelihoods);
        Emissions.StateLogLikelihoodTable(data.Steps, table, (start, end) => ChainRecursions.Shift(table.AsSpan(start * k, (end - start) * k),
            densities.AsSpan(start * k, (end - start) * k), shifts.AsSpan(start, end - start), k));
        var transitionCounts = new double[count * k * k];
        var sequenceLogLikelihoods = new double[count];
        var xi = pairwise ? new double[Math.Max(steps - 1, 0) * k * k] : null;
        void Run(int s)
        {
            int start = data.Start(s), length = data.Lengths[s];
            sequenceLogLikelihoods[s] = ChainRecursions.ForwardBackward(_initial, _transitions, table.AsSpan(start * k, length * k), length, k,
                gamma.AsSpan(start * k, length * k), stepLogLikelihoods.AsSpan(start, length), scales.AsSpan(start, length), shifts.AsSpan(start, length),
                densities.AsSpan(start * k, length * k), transitionCounts.AsSpan(s * k * k, k * k), xi is null ? default : xi.AsSpan(0, (length - 1) * k * k),
                shifted: true);
        }
        // One sequence long enough to pay for it runs its forward and backward passes on two cores at once; several run side by side.
        if (count == 1 && steps >= TwoCoreSteps && xi is null && Environment.ProcessorCount > 1)
            sequenceLogLikelihoods[0] = ChainRecursions.ForwardBackwardOnTwoCores(_initial, _transitions, steps, k, gamma, stepLogLikelihoods, scales, shifts,
                densities, workspace.Backward, transitionCounts);
        else if (count == 1) Run(0);
        else Parallel.For(0, count, Run);
        for (int s = 0; s < count; s++)
            if (double.IsNegativeInfinity(sequenceLogLikelihoods[s]))
                throw new DataException($"sequence {s} has probability 0 under the model (below e^−745, the least double): no path of states its transitions allow gives every step a density above it", data.Steps.Source);
        var initialCounts = new double[k];
        var transitions = new double[k * k];
        double logLikelihood = 0;
        for (int s = 0; s < count; s++)
        {
            logLikelihood += sequenceLogLikelihoods[s];
            var first = gamma.AsSpan(data.Start(s) * k, k);
            for (int j = 0; j < k; j++) initialCounts[j] += first[j];
            var counts = transitionCounts.AsSpan(s * k * k, k * k);
            for (int i = 0; i < k * k; i++) transitions[i] += counts[i];
        }
        // The exact posterior's entropy is what its ELBO leaves of log p(x): H[q] = log p(x) − E_q[log p(x, z)].
        double likelihood = RowBlocks.Sum(steps, (start, end) => ExpectedLogLikelihood(table.AsSpan(start * k, (end - start) * k), gamma.AsSpan(start * k, (end - start) * k)));
        double prior = LogPriorExpectation(initialCounts, transitions);
        var posterior = ChainPosterior.FromForwardBackward(gamma, data.Lengths, k, initialCounts, transitions, Math.Max(logLikelihood - likelihood - prior, 0),
            new ChainPotentials(_initial, _transitions, table));
        return new ChainInference(posterior, logLikelihood, sequenceLogLikelihoods, stepLogLikelihoods, xi, likelihood, prior);
    }

    /// <summary>What forward–backward gives: the posterior, log p(x) in total, per sequence and per step, the pairwise marginals if asked, and E_q[log p(x, z)] by its two terms.</summary>
    internal sealed record ChainInference(ChainPosterior Posterior, double LogLikelihood, double[] SequenceLogLikelihoods, double[] StepLogLikelihoods,
        double[]? Pairwise, double ExpectedLogLikelihood, double ExpectedLogPrior);

    // ---- sampling ----

    /// <summary>One sequence of <paramref name="count"/> steps drawn from the chain; its states in the latent column z.</summary>
    public GeneratedData Generate(int count, Random random)
    {
        var drawn = GenerateSequences([count], random);
        var z = drawn.States[0].Select(s => (double)s).ToArray();
        return new GeneratedData(new DataMatrix(drawn.Data.Steps.Values.ToArray(), count, DataDimension, source: "sample"),
            new DataMatrix(z, count, 1, ["z"], "sample"));
    }

    /// <summary>Sequences of the given lengths drawn by ancestral sampling: z₁ ~ π, zₜ ~ A[zₜ₋₁], xₜ from component zₜ.</summary>
    public GeneratedSequences GenerateSequences(IReadOnlyList<int> lengths, Random random)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentNullException.ThrowIfNull(random);
        if (lengths.Count == 0 || lengths.Any(l => l < 1))
            throw new ArgumentOutOfRangeException(nameof(lengths), "draw at least one sequence, each of at least one step");
        int d = DataDimension, k = States, total = lengths.Sum();
        var x = new double[total * d];
        var states = new int[lengths.Count][];
        var epsilon = new double[d];
        int row = 0;
        for (int s = 0; s < lengths.Count; s++)
        {
            states[s] = new int[lengths[s]];
            int state = -1;
            for (int t = 0; t < lengths[s]; t++, row++)
            {
                state = t == 0 ? random.NextCategorical(_initial) : random.NextCategorical(_transitions.AsSpan(state * k, k));
                states[s][t] = state;
                var target = x.AsSpan(row * d, d);
                switch (Emissions)
                {
                    case GaussianMixture g: g.DrawFrom(state, random, epsilon, target); break;
                    case BernoulliMixture b: b.DrawFrom(state, random, target); break;
                    case CategoricalMixture c: c.DrawFrom(state, random, target); break;
                }
            }
        }
        return new GeneratedSequences(SequenceData.Split(new DataMatrix(x, total, d, source: "sample"), lengths), states);
    }

    static void CheckDistribution(ReadOnlySpan<double> p, string what, string parameter)
    {
        double sum = 0;
        foreach (var v in p)
        {
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException($"{what} holds {v}, not a probability", parameter);
            sum += v;
        }
        if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"{what} sums to {sum}, not 1", parameter);
    }

    public override string ToString() => $"HiddenMarkovModel({States} states, {Emissions.Family} emissions of dimension {DataDimension})";
}

/// <summary>A most probable state path: one state per step, and log p(x, z*) of the sequence with it.</summary>
public sealed record ViterbiPath(IReadOnlyList<int> States, double LogJoint);

/// <summary>Sequences drawn from a hidden Markov model, with the states that generated each step.</summary>
public sealed record GeneratedSequences(SequenceData Data, IReadOnlyList<int[]> States);
