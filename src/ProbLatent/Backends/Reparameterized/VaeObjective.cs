using ProbLatent.Autodiff;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>The sums over a minibatch of what its objective is made of, in double, for reporting.</summary>
internal readonly record struct BatchTerms(double Objective, double Reconstruction, double Kl, int Rows);

/// <summary>
/// The training objective on one minibatch, built on a tape so its gradient can be taken: the ELBO with S
/// reparameterized samples per point (analytic KL to a standard-normal prior, a Monte Carlo KL to a mixture prior), or,
/// with k importance samples, the importance-weighted bound (IWAE-k), which is tighter and equals the ELBO at k = 1.
/// </summary>
internal sealed class VaeObjective(VaeNetwork network, int samples, int importanceSamples)
{
    public VaeNetwork Network { get; } = network;
    public int Samples { get; } = samples;
    public int ImportanceSamples { get; } = importanceSamples;

    /// <summary>Rows of standard normal noise the objective of <paramref name="rows"/> data points draws.</summary>
    public int NoiseRows(int rows) => rows * (ImportanceSamples > 1 ? ImportanceSamples : Samples);

    /// <summary>
    /// Records the objective of <paramref name="batch"/> with the given noise (<see cref="NoiseRows"/> × latent
    /// dimension); <paramref name="loss"/> is −objective / <paramref name="minibatchRows"/>, to minimise — the batch
    /// may be a part of a minibatch whose parts' gradients are added.
    /// </summary>
    public BatchTerms Build(Tape tape, Tensor batch, Tensor noise, int minibatchRows, out Variable loss)
    {
        int rows = batch.Rows;
        bool iwae = ImportanceSamples > 1;
        int s = iwae ? ImportanceSamples : Samples;
        var (mean, logVariance) = Network.Encode(tape, tape.Constant(batch));
        var meanS = tape.RepeatRows(mean, s);
        var logVarianceS = tape.RepeatRows(logVariance, s);
        var z = tape.Reparameterize(meanS, logVarianceS, noise);
        var output = Network.Decode(tape, z);
        var reconstruction = Network.LogLikelihood(tape, output, tape.Constant(Repeat(tape, batch, s)));
        double reconstructionSum = ColumnSum(reconstruction) / s;

        Variable total;
        double kl;
        if (iwae)
        {
            var logQ = tape.GaussianLogDensity(z, meanS, logVarianceS);
            var logWeights = tape.Subtract(tape.Add(reconstruction, Network.LogPrior(tape, z)), logQ);
            total = tape.Sum(tape.GroupLogMeanExp(logWeights, s));
            kl = reconstructionSum - total.Value[0, 0];
        }
        else if (Network.HasAnalyticKl)
        {
            var klRows = tape.KlToStandardNormal(mean, logVariance);
            total = tape.Subtract(tape.Scale(tape.Sum(reconstruction), 1f / s), tape.Sum(klRows));
            kl = ColumnSum(klRows);
        }
        else
        {
            var klRows = tape.Subtract(tape.GaussianLogDensity(z, meanS, logVarianceS), Network.LogPrior(tape, z));
            total = tape.Scale(tape.Subtract(tape.Sum(reconstruction), tape.Sum(klRows)), 1f / s);
            kl = ColumnSum(klRows) / s;
        }
        loss = tape.Scale(total, -1f / minibatchRows);
        return new BatchTerms(total.Value[0, 0], reconstructionSum, kl, rows);
    }

    static Tensor Repeat(Tape tape, Tensor batch, int times)
    {
        if (times == 1) return batch;
        var repeated = tape.Scratch(batch.Rows * times, batch.Columns);
        for (int i = 0; i < batch.Rows; i++)
            for (int s = 0; s < times; s++) batch.Row(i).CopyTo(repeated.Row(i * times + s));
        return repeated;
    }

    static double ColumnSum(Variable column)
    {
        double s = 0;
        foreach (var v in column.Value.Span) s += v;
        return s;
    }
}
