using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// The reference <c>bench bernoulli-mixture</c> measures against: EM for a mixture of Bernoullis as the library ran it
/// before its E and M steps became products over the data's ones — per point and component a dot product of the whole
/// row with the log-odds, and per point and component with a non-zero responsibility a multiply-add of the whole row
/// into that component's sum — in blocks of 512 rows on all cores. A timing reference only, never a fitting path.
/// </summary>
public static class ReferenceBernoulliEm
{
    const int BlockSize = 512;

    /// <summary>
    /// Runs <paramref name="iterations"/> EM iterations from <paramref name="start"/> with the default EM's Beta(1 + λ, 1 + λ)
    /// smoothing, λ = 10⁻⁶; <paramref name="firstLogLikelihood"/> is log p(x) at <paramref name="start"/>, the first E step's.
    /// </summary>
    public static BernoulliMixture Iterate(BernoulliMixture start, DataMatrix data, int iterations, CancellationToken cancellation, out double firstLogLikelihood)
    {
        const double regularization = 1e-6;
        var model = start;
        firstLogLikelihood = double.NaN;
        int k = start.Components, d = data.Columns, blocks = (data.Rows + BlockSize - 1) / BlockSize;
        for (int iteration = 0; iteration < iterations && !cancellation.IsCancellationRequested; iteration++)
        {
            var logits = new double[k * d];
            var offsets = new double[k];
            for (int c = 0; c < k; c++)
            {
                var p = model.Probabilities(c);
                for (int j = 0; j < d; j++)
                {
                    logits[c * d + j] = Math.Log(p[j]) - Math.Log(1 - p[j]);
                    offsets[c] += Math.Log(1 - p[j]);
                }
            }
            var logWeights = model.Weights.Select(w => Math.Log(w)).ToArray();
            var partialLogLikelihood = new double[blocks];
            var partialSums = new double[blocks][];
            var partialCounts = new double[blocks][];
            Parallel.For(0, blocks, b =>
            {
                int first = b * BlockSize, end = Math.Min(data.Rows, first + BlockSize);
                var sums = partialSums[b] = new double[k * d];
                var counts = partialCounts[b] = new double[k];
                var r = new double[k];
                double total = 0;
                for (int n = first; n < end; n++)
                {
                    var x = data.Row(n);
                    for (int c = 0; c < k; c++) r[c] = TensorPrimitives.Dot(x, logits.AsSpan(c * d, d)) + offsets[c] + logWeights[c];
                    total += Normalize(r);
                    for (int c = 0; c < k; c++)
                    {
                        if (r[c] == 0) continue;
                        counts[c] += r[c];
                        TensorPrimitives.MultiplyAdd(x, r[c], sums.AsSpan(c * d, d), sums.AsSpan(c * d, d));
                    }
                }
                partialLogLikelihood[b] = total;
            });
            if (iteration == 0) firstLogLikelihood = partialLogLikelihood.Sum();
            var sum = new double[k * d];
            var count = new double[k];
            for (int b = 0; b < blocks; b++)
            {
                TensorPrimitives.Add(sum, partialSums[b], sum);
                TensorPrimitives.Add(count, partialCounts[b], count);
            }
            double all = count.Sum();
            var probabilities = new double[k * d];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++)
                    probabilities[c * d + j] = (sum[c * d + j] + regularization) / (Math.Max(count[c], 2.2e-15) + 2 * regularization);
            model = new BernoulliMixture(count.Select(c => c / all).ToArray(), probabilities, d);
        }
        return model;
    }

    /// <summary>Turns log weights into probabilities in place and returns log Σ exp.</summary>
    static double Normalize(Span<double> logWeights)
    {
        double max = TensorPrimitives.Max<double>(logWeights), sum = 0;
        for (int i = 0; i < logWeights.Length; i++) sum += logWeights[i] = Math.Exp(logWeights[i] - max);
        for (int i = 0; i < logWeights.Length; i++) logWeights[i] /= sum;
        return max + Math.Log(sum);
    }
}
