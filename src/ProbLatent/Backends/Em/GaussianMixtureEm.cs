using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a Gaussian mixture. Starts from k-means++ centres (hard assignments, then one M step).
/// The M step is the MAP step under the fixed prior p(Σₖ) ∝ exp(−λ/2 tr Σₖ⁻¹): Σₖ = (Sₖ + λI)/Nₖ, which keeps
/// every covariance at least λ/Nₖ·I so no component can collapse onto a point.
/// </summary>
internal sealed class GaussianMixtureEm(int components, Covariance covariance, double regularization) : EmAlgorithm
{
    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        KMeansPlusPlus.Centers(data, components, random, out var assignments);
        return Maximize(null, data, MixtureInitialization.HardPosterior(assignments, components));
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data)
    {
        var mixture = (GaussianMixture)model;
        var probabilities = mixture.PosteriorProbabilities(data, out double logLikelihood);
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
                    for (int j = 0; j < d; j++) acc[c * d + j] += w * row[j];
                }
            }
        });
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = sums[c * d + j] / counts[c];

        bool full = covariance == Covariance.Full;
        int perComponent = full ? d * d : d;
        var scatter = RowBlocks.Accumulate(data.Rows, k * perComponent, (start, end, acc) =>
        {
            var residual = new double[d];
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                var r = q.Row(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    for (int j = 0; j < d; j++) residual[j] = row[j] - means[c * d + j];
                    int offset = c * perComponent;
                    if (full)
                        for (int a = 0; a < d; a++)
                        {
                            double wa = w * residual[a];
                            for (int b = 0; b <= a; b++) acc[offset + a * d + b] += wa * residual[b];
                        }
                    else
                        for (int j = 0; j < d; j++) acc[offset + j] += w * residual[j] * residual[j];
                }
            }
        });
        for (int c = 0; c < k; c++)
        {
            int offset = c * perComponent;
            if (full)
                for (int a = 0; a < d; a++)
                {
                    scatter[offset + a * d + a] += regularization;
                    for (int b = 0; b <= a; b++)
                        scatter[offset + b * d + a] = scatter[offset + a * d + b] /= counts[c];
                }
            else
                for (int j = 0; j < d; j++) scatter[offset + j] = (scatter[offset + j] + regularization) / counts[c];
        }
        return new GaussianMixture(weights, means, scatter, d, covariance);
    }

    /// <summary>−λ/2 Σₖ tr Σₖ⁻¹, the log-prior whose MAP step <see cref="Maximize"/> takes.</summary>
    public override double LogPrior(ILatentModel model)
    {
        if (regularization == 0) return 0;
        var mixture = (GaussianMixture)model;
        int d = mixture.Dimension;
        double trace = 0;
        for (int c = 0; c < components; c++)
        {
            if (covariance == Covariance.Full)
            {
                var inverse = mixture.CovarianceFactor(c).Inverse();
                for (int j = 0; j < d; j++) trace += inverse[j * d + j];
            }
            else
                for (int j = 0; j < d; j++) trace += 1 / mixture.CovariancesFlat[c * d + j];
        }
        return -0.5 * regularization * trace;
    }
}
