using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// Baum–Welch (Baum et al. 1970), EM for a hidden Markov model, built per part. E step: forward–backward on every sequence
/// (<see cref="HiddenMarkovModel"/>), giving the marginals q(zₜ), the expected initial states n₁ and the expected
/// transitions nᵢⱼ. M step: the chain's π ∝ n₁ and Aᵢⱼ ∝ nᵢⱼ, or their MAP under stated Dirichlets,
/// πₖ = (n₁ₖ + αₖ − 1)/(S + Σα − K) and Aᵢⱼ = (nᵢⱼ + αⱼ − 1)/(Σⱼ nᵢⱼ + Σα − K); and the emissions' step is the mixture's
/// own M step (<see cref="MixtureEm"/>) with the marginals of all steps as its responsibilities — the same weighted
/// Gaussian or Bernoulli statistics, ridge, stated priors and collapse check a mixture of the steps would get.
/// </summary>
internal sealed class HiddenMarkovEm(MixtureEm emissions, double[]? initialPrior, double[]? transitionPrior)
{
    /// <summary>
    /// The start: the emissions' own (k-means++ or random point masses over all steps, <see cref="EmStart"/>, and one M step
    /// from those hard assignments), and the chain from those
    /// assignments' first states and moves with one pseudo-count on every entry, so that no start forbids a state or a move.
    /// </summary>
    public HiddenMarkovModel Initialize(SequenceData data, MixtureEm bound, Random random)
    {
        var assignments = bound.StartAssignments(data.Steps, random);
        var emission = (DiscreteLatentModel)bound.Maximize(null, data.Steps, assignments);
        int k = emission.StateCount;
        var states = assignments.MostProbable();
        var initial = Enumerable.Repeat(1.0, k).ToArray();
        var transitions = Enumerable.Repeat(1.0, k * k).ToArray();
        for (int s = 0; s < data.Count; s++)
        {
            int start = data.Start(s);
            initial[states[start]]++;
            for (int t = 1; t < data.Lengths[s]; t++) transitions[states[start + t - 1] * k + states[start + t]]++;
        }
        Normalize(initial);
        for (int i = 0; i < k; i++) Normalize(transitions.AsSpan(i * k, k));
        return new HiddenMarkovModel(initial, transitions, emission);
    }

    /// <summary>The emissions' algorithm bound to the data's steps (their column variances set the ridge and the start's units).</summary>
    public MixtureEm For(SequenceData data) => (MixtureEm)emissions.For(data.Steps);

    public HiddenMarkovModel Maximize(HiddenMarkovModel current, SequenceData data, ChainPosterior q, MixtureEm bound)
    {
        int k = current.States;
        var initial = MapDistribution(q.InitialCountsSpan, initialPrior) ?? current.Initial.ToArray();
        var transitions = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            var row = MapDistribution(q.TransitionCountsSpan.Slice(i * k, k), transitionPrior);
            // A state no step leaves has no counts to move its row: keeping it changes no likelihood.
            (row ?? current.Transitions.Skip(i * k).Take(k).ToArray()).CopyTo(transitions, i * k);
        }
        var emission = (DiscreteLatentModel)bound.Maximize(current.Emissions, data.Steps, q);
        return new HiddenMarkovModel(initial, transitions, emission);
    }

    /// <summary>log p(θ) up to constants: the emissions' (regulariser and stated priors) and the chain's Dirichlets.</summary>
    public double LogPrior(HiddenMarkovModel model, MixtureEm bound)
    {
        double sum = bound.LogPrior(model.Emissions);
        int k = model.States;
        if (initialPrior is { } a)
            for (int j = 0; j < k; j++) if (a[j] != 1) sum += (a[j] - 1) * Math.Log(model.Initial[j]);
        if (transitionPrior is { } b)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) if (b[j] != 1) sum += (b[j] - 1) * Math.Log(model.Transition(i, j));
        return sum;
    }

    /// <summary>(nⱼ + αⱼ − 1)/(Σn + Σα − K), or nⱼ/Σn without a prior; null when the counts are all zero (and no prior adds any).</summary>
    static double[]? MapDistribution(ReadOnlySpan<double> counts, double[]? alpha)
    {
        var result = new double[counts.Length];
        for (int j = 0; j < counts.Length; j++) result[j] = counts[j] + (alpha is null ? 0 : alpha[j] - 1);
        double total = result.Sum();
        if (!(total > 0)) return null;
        for (int j = 0; j < result.Length; j++) result[j] /= total;
        return result;
    }

    static void Normalize(Span<double> values)
    {
        double total = 0;
        foreach (var v in values) total += v;
        for (int i = 0; i < values.Length; i++) values[i] /= total;
    }
}
