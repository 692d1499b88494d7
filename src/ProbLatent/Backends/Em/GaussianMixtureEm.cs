using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a Gaussian mixture. Starts from k-means++ centres (hard assignments, then one M step).
/// The M step is the MAP step under the fixed prior p(Σₖ) ∝ exp(−λ/2 tr Σₖ⁻¹): Σₖ = (Sₖ + λI)/Nₖ, which keeps
/// every covariance at least λ/Nₖ·I so no component can collapse onto a point.
/// <para>
/// Priors stated in the model make each part's step its MAP step (Bishop's PRML §9.2 with pseudo-counts): a Wishart(a, s·I)
/// on full precisions gives Σₖ = (Sₖ + (λ + 2/s)I)/(Nₖ + 2a − d − 1), a Gamma(α, β) on diagonal precisions
/// σ²ₖⱼ = (Sₖⱼ + λ + 2β)/(Nₖ + 2α − 2). A Gaussian N(m₀, (τ₀I)⁻¹) on the means is independent of the precisions', so the
/// joint maximum has no closed form: the step is a conditional one (ECM, Meng and Rubin 1993) — the means' MAP given the
/// current Σₖ, μₖ = (NₖΣₖ⁻¹ + τ₀I)⁻¹(Σₖ⁻¹Σₙrₙₖxₙ + τ₀m₀), then Σₖ's given those means — which still never decreases
/// log p(x | θ) + log p(θ).
/// </para>
/// </summary>
internal sealed class GaussianMixtureEm(int components, Covariance covariance, double regularization, MixturePriors priors) : MixtureEm(components, priors)
{
    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var q = (DiscretePosterior)posterior;
        int k = Components, d = data.Columns;
        var (counts, weights) = CountsAndWeights(q);
        var sums = WeightedSums(data, q);
        var means = Priors.Means is { } meanPrior && current is GaussianMixture given
            ? MapMeans(given, sums, counts, meanPrior.Mean, meanPrior.Precision)
            : MaximumLikelihoodMeans(sums, counts, d);

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
        // Without a stated prior on the precisions both pseudo-counts are 0, which leaves the ridge and Nₖ bit for bit.
        var (ridge, extraCount) = (full, Priors.Wishart, Priors.Gamma) switch
        {
            (true, { } w, _) => (regularization + 2 / w.Scale, 2 * w.Shape - d - 1),
            (false, _, { } g) => (regularization + 2 * g.Rate, 2 * g.Shape - 2),
            _ => (regularization, 0.0),
        };
        for (int c = 0; c < k; c++)
        {
            int offset = c * perComponent;
            double count = counts[c] + extraCount;
            if (full)
                for (int a = 0; a < d; a++)
                {
                    scatter[offset + a * d + a] += ridge;
                    for (int b = 0; b <= a; b++)
                        scatter[offset + b * d + a] = scatter[offset + a * d + b] /= count;
                }
            else
                for (int j = 0; j < d; j++) scatter[offset + j] = (scatter[offset + j] + ridge) / count;
        }
        return new GaussianMixture(weights, means, scatter, d, covariance);
    }

    static double[] MaximumLikelihoodMeans(double[] sums, double[] counts, int d)
    {
        var means = new double[sums.Length];
        for (int c = 0; c < counts.Length; c++)
            for (int j = 0; j < d; j++) means[c * d + j] = sums[c * d + j] / counts[c];
        return means;
    }

    /// <summary>The means' MAP given the current covariances: μₖ = (NₖΛₖ + τ₀I)⁻¹(Λₖ Σₙrₙₖxₙ + τ₀m₀), Λₖ = Σₖ⁻¹.</summary>
    double[] MapMeans(GaussianMixture current, double[] sums, double[] counts, double[] priorMean, double tau)
    {
        int d = current.Dimension;
        var means = new double[sums.Length];
        for (int c = 0; c < Components; c++)
        {
            var sum = sums.AsSpan(c * d, d);
            var mean = means.AsSpan(c * d, d);
            if (covariance != Covariance.Full)
            {
                for (int j = 0; j < d; j++)
                {
                    double precision = 1 / current.CovariancesFlat[c * d + j];
                    mean[j] = (precision * sum[j] + tau * priorMean[j]) / (counts[c] * precision + tau);
                }
                continue;
            }
            var lambda = current.CovarianceFactor(c).Inverse();
            var system = new double[d * d];
            for (int a = 0; a < d; a++)
            {
                double b = tau * priorMean[a];
                for (int j = 0; j < d; j++)
                {
                    system[a * d + j] = counts[c] * lambda[a * d + j];
                    b += lambda[a * d + j] * sum[j];
                }
                system[a * d + a] += tau;
                mean[a] = b;
            }
            Cholesky.Factor(system, d, $"the means' MAP system of component {c}").SolveInPlace(mean);
        }
        return means;
    }

    /// <summary>
    /// −λ/2 Σₖ tr Σₖ⁻¹, the regulariser's log-prior, and the stated priors' up to constants: the Dirichlet's, the means'
    /// −τ₀/2 Σₖ‖μₖ − m₀‖², a Wishart's Σₖ [−(a − (d+1)/2) log|Σₖ| − tr Σₖ⁻¹/s] and a Gamma's Σₖⱼ [(α − 1) log λₖⱼ − β λₖⱼ]
    /// with λₖⱼ = 1/σ²ₖⱼ; <see cref="Maximize"/> takes their MAP step.
    /// </summary>
    public override double LogPrior(ILatentModel model)
    {
        var mixture = (GaussianMixture)model;
        double stated = Priors.LogPriorOfWeightsAndMeans(mixture.Weights, mixture.Mean);
        bool full = covariance == Covariance.Full;
        bool precisionPrior = full ? Priors.Wishart is not null : Priors.Gamma is not null;
        if (regularization == 0 && !precisionPrior) return stated;
        int d = mixture.Dimension;
        double trace = 0, logDeterminant = 0;
        for (int c = 0; c < Components; c++)
        {
            if (full)
            {
                var factor = mixture.CovarianceFactor(c);
                var inverse = factor.Inverse();
                for (int j = 0; j < d; j++) trace += inverse[j * d + j];
                if (precisionPrior) logDeterminant += factor.LogDeterminant();
            }
            else
                for (int j = 0; j < d; j++)
                {
                    trace += 1 / mixture.CovariancesFlat[c * d + j];
                    if (precisionPrior) logDeterminant += Math.Log(mixture.CovariancesFlat[c * d + j]);
                }
        }
        double precisions = (full, Priors.Wishart, Priors.Gamma) switch
        {
            (true, { } w, _) => -(w.Shape - (d + 1) / 2.0) * logDeterminant - trace / w.Scale,
            (false, _, { } g) => -(g.Shape - 1) * logDeterminant - g.Rate * trace,
            _ => 0,
        };
        return -0.5 * regularization * trace + precisions + stated;
    }
}
