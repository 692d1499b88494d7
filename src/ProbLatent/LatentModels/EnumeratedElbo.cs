using ProbLatent.Autodiff;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The ELBO of a Gaussian-mixture VAE with its categorical c summed out exactly, as training differentiates it and
/// evaluation reports it: per point Σ_c q(c | x) [E_{q(z | x, c)} log p(x | z) − KL(q(z | x, c) ‖ p(z | c))] − KL(q(c | x) ‖ π),
/// the Gaussian KL in closed form and the reconstruction by reparameterized draws, S per component — K·S decoder rows a
/// point, in one product.
/// </summary>
internal static class EnumeratedElbo
{
    /// <summary>Rows of standard normal noise (× latent dimension) the bound of <paramref name="rows"/> points draws.</summary>
    public static int NoiseRows(VaeNetwork network, int rows, int samples) => rows * network.Components * samples;

    /// <summary>
    /// Records the bound of the rows of <paramref name="x"/> on <paramref name="tape"/> with the given noise (row
    /// (b·K + c)·S + s draws point b's s-th z from component c): each row's bound, B × 1, and the totals of its terms.
    /// </summary>
    public static (Variable PerRow, ElboTerms Terms) Build(VaeNetwork network, Tape tape, Variable x, Tensor noise, int samples)
    {
        int k = network.Components;
        var (logits, mean, logVariance) = network.EncodeMixture(tape, x);
        var (priorLogits, priorMeans, priorLogVariances) = network.PriorComponents(tape);
        var meanS = tape.RepeatRows(mean, samples);
        var logVarianceS = tape.RepeatRows(logVariance, samples);
        var z = tape.Reparameterize(meanS, logVarianceS, noise);
        var reconstruction = tape.GroupMeans(network.EnumeratedLogLikelihood(tape, z, tape.RepeatRows(x, k * samples), samples), samples);
        var kl = tape.KlToComponents(mean, logVariance, priorMeans, priorLogVariances);
        var perRow = tape.SumOverComponents(logits, tape.Subtract(reconstruction, kl), priorLogits);
        return (perRow, Terms(logits, reconstruction, kl, logVariance, priorLogits));
    }

    /// <summary>
    /// The bound's totals by term: E[log p(x | z)] = Σ q(c) rec_c, H[q] = H[q(c)] + Σ q(c) H[q(z | c)], and E[log p(c, z)]
    /// = Σ q(c) (log π_c − KL_c − H[q(z | c)]), which with the entropy makes −Σ q(c) KL_c − KL(q(c) ‖ π).
    /// </summary>
    static ElboTerms Terms(Variable logits, Variable reconstruction, Variable kl, Variable logVariance, Variable priorLogits)
    {
        int b = logits.Rows, k = logits.Columns, d = logVariance.Columns;
        var logPi = new double[k];
        double piNormalizer = LogSumExp.Of(priorLogits.Value.Span);
        for (int c = 0; c < k; c++) logPi[c] = priorLogits.Value[0, c] - piNormalizer;
        double expectedLogLikelihood = 0, expectedLogPrior = 0, entropy = 0;
        for (int i = 0; i < b; i++)
        {
            double normalizer = LogSumExp.Of(logits.Value.Row(i));
            for (int c = 0; c < k; c++)
            {
                int r = i * k + c;
                double logQ = logits.Value[i, c] - normalizer, q = Math.Exp(logQ);
                double componentEntropy = 0;
                for (int j = 0; j < d; j++) componentEntropy += Gaussian.EntropyFromLogVariance(logVariance.Value[r, j]);
                expectedLogLikelihood += q * reconstruction.Value[r, 0];
                entropy += q * (componentEntropy - logQ);
                expectedLogPrior += q * (logPi[c] - kl.Value[r, 0] - componentEntropy);
            }
        }
        return new ElboTerms(expectedLogLikelihood, expectedLogPrior, entropy);
    }
}
