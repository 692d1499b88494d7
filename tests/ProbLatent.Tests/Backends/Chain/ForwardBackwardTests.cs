using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Backends.Chain;

public class ForwardBackwardTests
{
    static HiddenMarkovModel TwoStates() => new([0.6, 0.4], [0.99, 0.01, 0.02, 0.98],
        new GaussianMixture([0.5, 0.5], [0, 3], [1, 2], 1, Covariance.Diagonal));

    /// <summary>log p(x) by the forward recursion in log space, log αₜ(j) = log Σᵢ exp(log αₜ₋₁(i) + log Aᵢⱼ) + log p(xₜ | j): no scaling to share a bug with.</summary>
    static double LogSpaceForward(HiddenMarkovModel hmm, DataMatrix x)
    {
        int k = hmm.States;
        var emission = new double[k];
        var alpha = new double[k];
        var next = new double[k];
        var terms = new double[k];
        for (int t = 0; t < x.Rows; t++)
        {
            hmm.Emissions.StateLogLikelihoods(x.Row(t), emission);
            for (int j = 0; j < k; j++)
            {
                if (t == 0) next[j] = Math.Log(hmm.Initial[j]) + emission[j];
                else
                {
                    for (int i = 0; i < k; i++) terms[i] = alpha[i] + Math.Log(hmm.Transition(i, j));
                    next[j] = LogSumExp.Of(terms) + emission[j];
                }
            }
            (alpha, next) = (next, alpha);
        }
        return LogSumExp.Of(alpha);
    }

    [Fact]
    public void A_million_step_sequence_runs_in_memory_proportional_to_its_steps_and_its_pieces_add_up_to_its_log_likelihood()
    {
        const int steps = 1_000_000, piece = 250_000;
        var hmm = TwoStates();
        var x = hmm.Generate(steps, new Random(1)).Data;
        var data = SequenceData.Single(x);
        hmm.Posterior(SequenceData.Single(new DataMatrix([0.0, 1.0], 2, 1)));   // warm up what the first call compiles

        long before = GC.GetAllocatedBytesForCurrentThread();
        var inference = hmm.Infer(data, pairwise: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The emission table, the marginals, the shifted densities (which the backward pass reads again), the backward pass's
        // own β̂ (one sequence runs its two passes at once) and three per-step vectors: 4·T·K + 4·T doubles (a T·K² table
        // would be 4·T·K·8 bytes more).
        Assert.True(allocated < (4L * steps * 2 + 4L * steps) * 8 * 1.1, $"forward–backward over {steps} steps allocated {allocated:N0} bytes");

        double total = inference.LogLikelihood;
        Assert.True(double.IsFinite(total) && total < -1e6, $"log p(x) is {total}");
        Assert.Equal(LogSpaceForward(hmm, x), total, 1e-9 * Math.Abs(total));
        Assert.Equal(total, inference.StepLogLikelihoods.Sum(), 1e-9 * Math.Abs(total));
        // The steps' contributions to each piece, log p(x_a..b | x_<a), are the differences of the prefixes' own log p(x).
        double previous = 0;
        for (int end = piece; end <= steps; end += piece)
        {
            var prefix = new DataMatrix(x.Values[..end].ToArray(), end, 1);
            double logPrefix = hmm.LogLikelihood(SequenceData.Single(prefix));
            double contributions = inference.StepLogLikelihoods.AsSpan(end - piece, piece).ToArray().Sum();
            Assert.Equal(logPrefix - previous, contributions, 1e-9 * Math.Abs(logPrefix));
            previous = logPrefix;
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void One_long_sequence_on_two_cores_gives_the_one_core_recursions_numbers(int states)
    {
        // Three states take their own path on two cores (the passes meet in the middle); others the general one.
        const int steps = 10_001;
        var transitions = new double[states * states];
        for (int i = 0; i < states; i++)
            for (int j = 0; j < states; j++) transitions[i * states + j] = i == j ? 0.9 : 0.1 / (states - 1);
        var means = Enumerable.Range(0, states).Select(s => 1.5 * s).ToArray();
        var hmm = new HiddenMarkovModel(Enumerable.Repeat(1.0 / states, states).ToArray(), transitions,
            new GaussianMixture(Enumerable.Repeat(1.0 / states, states).ToArray(), means, Enumerable.Repeat(1.0, states).ToArray(), 1, Covariance.Diagonal));
        var x = hmm.Generate(steps, new Random(3)).Data;
        var inference = hmm.Infer(SequenceData.Single(x), pairwise: false);

        var table = new double[steps * states];
        hmm.Emissions.StateLogLikelihoodTable(x, table);
        var gamma = new double[steps * states];
        var counts = new double[states * states];
        double logLikelihood = ChainRecursions.ForwardBackward(hmm.Initial.ToArray(), transitions, table, steps, states, gamma, new double[steps], new double[steps],
            new double[steps], new double[steps * states], counts, default);

        Assert.Equal(logLikelihood, inference.LogLikelihood, 1e-12 * Math.Abs(logLikelihood));
        var marginals = inference.Posterior.Probabilities;
        for (int i = 0; i < gamma.Length; i++) Assert.Equal(gamma[i], marginals[i], 1e-12);
        for (int i = 0; i < counts.Length; i++) Assert.Equal(counts[i], inference.Posterior.TransitionCounts[i], 1e-9 * counts[i]);
        Assert.Equal(steps - 1, inference.Posterior.TransitionCounts.Sum(), 1e-9 * steps);
    }

    [Fact]
    public void Pairwise_marginals_sum_to_the_marginals_of_their_two_steps()
    {
        var hmm = TwoStates();
        var x = hmm.Generate(50, new Random(2)).Data;
        var pairwise = hmm.PairwiseMarginals(x);
        var gamma = ((ChainPosterior)hmm.Posterior(x)).Probabilities;
        for (int t = 1; t < 50; t++)
            for (int i = 0; i < 2; i++)
            {
                double fromI = pairwise[(t - 1) * 4 + i * 2] + pairwise[(t - 1) * 4 + i * 2 + 1];
                double toI = pairwise[(t - 1) * 4 + i] + pairwise[(t - 1) * 4 + 2 + i];
                Assert.Equal(gamma[(t - 1) * 2 + i], fromI, 12);
                Assert.Equal(gamma[t * 2 + i], toI, 12);
            }
    }

    [Fact]
    public void Drawn_sequences_move_between_states_as_the_transition_matrix_says()
    {
        var hmm = new HiddenMarkovModel([1, 0, 0], [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4],
            new GaussianMixture([0.2, 0.3, 0.5], [0, 1, 2], [1, 1, 1], 1, Covariance.Diagonal));
        var drawn = hmm.GenerateSequences([40_000, 60_000], new Random(4));
        var counts = new double[9];
        foreach (var states in drawn.States)
        {
            Assert.Equal(0, states[0]);
            for (int t = 1; t < states.Length; t++) counts[states[t - 1] * 3 + states[t]]++;
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(hmm.Transition(i, j), counts[i * 3 + j] / (counts[i * 3] + counts[i * 3 + 1] + counts[i * 3 + 2]), 0.01);
        Assert.Equal([40_000, 60_000], drawn.Data.Lengths);
        Assert.Equal([5.0, 10 / 3.0, 5 / 3.0], hmm.ExpectedDurations(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void A_sequence_the_chain_cannot_produce_is_refused_naming_it()
    {
        // Only state 0 is ever visited, and 100 lies 100 standard deviations from its mean: e^−5000 is 0 in double precision.
        var hmm = new HiddenMarkovModel([1, 0], [1, 0, 0, 1], new GaussianMixture([0.5, 0.5], [0, 100], [1, 1], 1, Covariance.Diagonal));
        var data = SequenceData.FromArrays([[[0.0], [0.5]], [[1.0], [100.0]]]);
        var e = Assert.Throws<DataException>(() => hmm.LogLikelihood(data));
        Assert.Contains("sequence 1 has probability 0 under the model", e.Message);
    }
}
