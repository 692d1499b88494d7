using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

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

    /// <param name="columns">The steps laid out column by column (<see cref="Columns"/>), which a run makes once for all its Gaussian M steps.</param>
    public HiddenMarkovModel Maximize(HiddenMarkovModel current, SequenceData data, ChainPosterior q, MixtureEm bound, Lazy<double[]> columns)
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
        var emission = bound is IStreamedEm streamed && current.Emissions is GaussianMixture gaussians && !data.Steps.HasMissing
            ? (DiscreteLatentModel)streamed.Update(gaussians, GaussianSums(gaussians, columns.Value, data.Steps.Rows, q), data.Steps.ColumnNames, data.Steps.Rows, data.Steps, q.Row)
            : (DiscreteLatentModel)bound.Maximize(current.Emissions, data.Steps, q);
        return new HiddenMarkovModel(initial, transitions, emission);
    }

    /// <summary>
    /// The Gaussian emissions' M-step statistics in one pass over the steps, as a data source's blocks give them
    /// (<see cref="IStreamedEm.Update"/>): Nₖ, Σ γx and the second moment about the current means, read column by column
    /// four steps at a time (<see cref="MixtureMoments.AddColumns(ReadOnlySpan{double}, int, int, int, int, ReadOnlySpan{double}, int, int, int, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double}, MixtureMoments.Second)"/>),
    /// where the mixture's own step reads the rows in a pass per statistic.
    /// </summary>
    internal static MixtureSums GaussianSums(GaussianMixture current, DataMatrix steps, ChainPosterior q) => GaussianSums(current, Columns(steps), steps.Rows, q);

    /// <summary>The steps' values column by column: column j at j·N, as <see cref="GaussianSums(GaussianMixture, double[], int, ChainPosterior)"/> reads them.</summary>
    internal static double[] Columns(DataMatrix steps)
    {
        int rows = steps.Rows, d = steps.Columns;
        var columns = new double[rows * d];
        var values = steps.Values;
        for (int n = 0; n < rows; n++)
            for (int j = 0; j < d; j++) columns[j * rows + n] = values[n * d + j];
        return columns;
    }

    /// <summary><see cref="GaussianSums(GaussianMixture, DataMatrix, ChainPosterior)"/> from the steps laid out by <see cref="Columns"/>.</summary>
    internal static MixtureSums GaussianSums(GaussianMixture current, double[] columns, int rows, ChainPosterior q)
    {
        int d = current.DataDimension, k = current.StateCount;
        var centres = current.MeansFlat.ToArray();
        var kind = current.CovarianceKind == Covariance.Full ? MixtureMoments.Second.LowerTriangle : MixtureMoments.Second.Diagonal;
        var layout = new MixtureSums(k, d, kind, centres);
        var gamma = q.ProbabilityTable;
        var sums = layout.Over(RowBlocks.Accumulate(rows, layout.Length, (start, end, accumulator) =>
        {
            var block = layout.Over(accumulator);
            MixtureMoments.AddColumns(columns, rows, start, end - start, d, gamma.Span.Slice(start * k, (end - start) * k), k, 1, k, centres,
                block.Counts, block.ResidualSums, block.Second, kind);
        }));
        // Σ γx from the residuals about the centres: Σ γ(x − c) + N c.
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) sums.Sums[c * d + j] = sums.ResidualSums[c * d + j] + sums.Counts[c] * centres[c * d + j];
        return sums;
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
