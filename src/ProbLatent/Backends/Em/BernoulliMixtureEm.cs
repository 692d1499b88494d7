using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a mixture of Bernoullis. Starts from k-means++ centres. The M step is the MAP step under a
/// Beta(1 + λ, 1 + λ) prior on every μₖⱼ: μₖⱼ = (Σₙ rₙₖ xₙⱼ + λ) / (Nₖ + 2λ), which keeps every probability
/// strictly inside (0, 1) even for a pixel that is always off.
/// </summary>
internal sealed class BernoulliMixtureEm(int components, double regularization) : EmAlgorithm
{
    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        KMeansPlusPlus.Centers(data, components, random, out var assignments);
        return Maximize(null, data, MixtureInitialization.HardPosterior(assignments, components));
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data)
    {
        var probabilities = ((BernoulliMixture)model).PosteriorProbabilities(data, out double logLikelihood);
        return (new DiscretePosterior(probabilities, data.Rows, components), logLikelihood);
    }

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var q = (DiscretePosterior)posterior;
        int k = components, d = data.Columns;
        var (counts, weights) = MixtureInitialization.Weights(q);
        var sums = RowBlocks.Accumulate(data.Rows, k * d, (start, end, acc) =>
        {
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                var r = q.Row(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, w, acc.AsSpan(c * d, d), acc.AsSpan(c * d, d));
                }
            }
        });
        var probabilities = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                probabilities[c * d + j] = (sums[c * d + j] + regularization) / (counts[c] + 2 * regularization);
        return new BernoulliMixture(weights, probabilities, d);
    }

    /// <summary>λ Σₖⱼ [log μₖⱼ + log(1 − μₖⱼ)], the Beta log-prior up to a constant.</summary>
    public override double LogPrior(ILatentModel model)
    {
        if (regularization == 0) return 0;
        var mixture = (BernoulliMixture)model;
        double sum = 0;
        for (int c = 0; c < components; c++)
            foreach (var p in mixture.Probabilities(c)) sum += Math.Log(p) + Math.Log(1 - p);
        return regularization * sum;
    }
}
