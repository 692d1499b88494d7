using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The ELBO of a diagonal Gaussian q(z | x) summed chunk by chunk over a data set, by its terms: the entropy (and for a
/// N(0, I) prior E[log p(z)]) in closed form, the reconstruction (and a learned mixture prior's E[log p(z)]) by
/// <c>samples</c> reparameterized draws per point from its own stream, filled per chunk and draw in that order.
/// </summary>
internal sealed class VaeElboSweep(VaeNetwork network, int samples, Random random)
{
    double _reconstruction, _logPrior, _entropy;

    public ElboTerms Terms => new(_reconstruction, _logPrior, _entropy);

    /// <summary>Adds a chunk of <paramref name="rows"/> data rows (<paramref name="batch"/>) and their q, all on <paramref name="tape"/>.</summary>
    public void Add(Tape tape, Tensor batch, Variable mean, Variable logVariance, int rows)
    {
        int q = network.LatentDimension;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < q; j++)
            {
                double m = mean.Value[i, j], v = logVariance.Value[i, j];
                _entropy += Gaussian.EntropyFromLogVariance(v);
                if (network.HasAnalyticKl) _logPrior -= 0.5 * (SpecialFunctions.Log2Pi + m * m + Math.Exp(v));
            }
        for (int s = 0; s < samples; s++)
        {
            var noise = tape.Scratch(rows, q);
            GaussianNoise.Fill(random, noise.Span);
            var z = tape.Reparameterize(mean, logVariance, noise);
            _reconstruction += network.LogLikelihood(tape, network.Decode(tape, z), tape.Constant(batch)).Value.SumInDouble() / samples;
            if (!network.HasAnalyticKl) _logPrior += network.LogPrior(tape, z).Value.SumInDouble() / samples;
        }
    }
}
