using ProbLatent.Autodiff;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>The sums over a minibatch of what its objective is made of, in double, for reporting.</summary>
internal readonly record struct BatchTerms(double Objective, double Reconstruction, double Kl);

/// <summary>
/// The training objective on one minibatch, built on a tape so its gradient can be taken: the ELBO with S
/// reparameterized samples per point (analytic KL to a standard-normal prior, a Monte Carlo KL to a mixture prior), or,
/// with k importance samples, the importance-weighted bound (IWAE-k), which is tighter and equals the ELBO at k = 1. With a
/// point-mass guide (a plain autoencoder) it is the reconstruction log-likelihood Σ log p(x | f(x)) alone: no z is
/// drawn, and the prior takes no part (log p(z) would make it a MAP estimate of each code, which the plain autoencoder is not).
/// A Gaussian-mixture VAE's objective is its ELBO with the categorical summed out exactly (<see cref="EnumeratedElbo"/>).
/// </summary>
internal sealed class VaeObjective(VaeNetwork network, int samples, int importanceSamples)
{
    public VaeNetwork Network { get; } = network;
    public int Samples { get; } = samples;
    public int ImportanceSamples { get; } = importanceSamples;

    /// <summary>Rows of standard normal noise the objective of <paramref name="rows"/> data points draws.</summary>
    public int NoiseRows(int rows) => Network.Architecture.PointMassGuide ? 0
        : Network.IsMixtureGuide ? EnumeratedElbo.NoiseRows(Network, rows, Samples)
        : rows * (ImportanceSamples > 1 ? ImportanceSamples : Samples);

    /// <summary>
    /// Records the objective of the minibatch <paramref name="x"/> (data on <paramref name="tape"/>) with the given
    /// noise (<see cref="NoiseRows"/> × latent dimension); <paramref name="loss"/> is −objective / rows, to minimise.
    /// </summary>
    public BatchTerms Build(Tape tape, Variable x, Tensor noise, out Variable loss)
    {
        if (Network.Architecture.PointMassGuide) return BuildReconstruction(tape, x, out loss);
        if (Network.IsMixtureGuide) return BuildEnumerated(tape, x, noise, out loss);
        bool iwae = ImportanceSamples > 1;
        int s = iwae ? ImportanceSamples : Samples;
        var (mean, logVariance) = Network.Encode(tape, x);
        var meanS = tape.RepeatRows(mean, s);
        var logVarianceS = tape.RepeatRows(logVariance, s);
        var z = tape.Reparameterize(meanS, logVarianceS, noise);
        var reconstruction = Network.LogLikelihood(tape, Network.Decode(tape, z), tape.RepeatRows(x, s));
        double reconstructionSum = reconstruction.Value.SumInDouble() / s;

        Variable total;
        double kl;
        if (iwae)
        {
            total = tape.Sum(tape.GroupLogMeanExp(Network.LogWeights(tape, reconstruction, z, meanS, logVarianceS), s));
            kl = reconstructionSum - total.Value[0, 0];
        }
        else if (Network.HasAnalyticKl)
        {
            var klRows = tape.KlToStandardNormal(mean, logVariance);
            total = tape.Subtract(tape.Scale(tape.Sum(reconstruction), 1f / s), tape.Sum(klRows));
            kl = klRows.Value.SumInDouble();
        }
        else
        {
            var klRows = tape.Subtract(tape.GaussianLogDensity(z, meanS, logVarianceS), Network.LogPrior(tape, z));
            total = tape.Scale(tape.Subtract(tape.Sum(reconstruction), tape.Sum(klRows)), 1f / s);
            kl = klRows.Value.SumInDouble() / s;
        }
        loss = tape.Scale(total, -1f / x.Rows);
        return new BatchTerms(total.Value[0, 0], reconstructionSum, kl);
    }

    /// <summary>A Gaussian-mixture VAE's ELBO with its categorical summed out (<see cref="EnumeratedElbo"/>).</summary>
    BatchTerms BuildEnumerated(Tape tape, Variable x, Tensor noise, out Variable loss)
    {
        var (perRow, terms) = EnumeratedElbo.Build(Network, tape, x, noise, Samples);
        var total = tape.Sum(perRow);
        loss = tape.Scale(total, -1f / x.Rows);
        return new BatchTerms(total.Value[0, 0], terms.Reconstruction, terms.KlToPrior);
    }

    /// <summary>The plain autoencoder's objective, Σ log p(x | f(x)): its terms are the reconstruction and no KL.</summary>
    BatchTerms BuildReconstruction(Tape tape, Variable x, out Variable loss)
    {
        var total = tape.Sum(Network.LogLikelihood(tape, Network.Decode(tape, Network.Code(tape, x)), x));
        loss = tape.Scale(total, -1f / x.Rows);
        double value = total.Value[0, 0];
        return new BatchTerms(value, value, 0);
    }
}
