using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The importance-weighted estimate of log p(x) of a sigmoid belief net with its encoder q(h | x) as the proposal
/// (IWAE-k: log (1/k) Σᵢ p(x, hᵢ) / q(hᵢ | x) per point, hᵢ ~ q), and the ELBO, the mean of the same log weights. Both are
/// in expectation below log p(x); the IWAE estimate approaches it as k grows. For nets too large to enumerate, which a
/// score-function fit trains, of one layer or several (q(h | x) then the product of the encoder's factors, drawn from the data up).
/// </summary>
public static class BeliefNetImportance
{
    public const int DefaultSamples = 1000;

    /// <summary>Draws per pass: the points of a pass take up to this many in all, so the decoder's logits stay a few megabytes.</summary>
    const int DrawsPerPass = 4096;

    /// <summary>The estimates over the rows of <paramref name="data"/>, each point's k draws from (seed, its pass).</summary>
    /// <exception cref="ArgumentException">The net has no encoder.</exception>
    public static BeliefNetEstimate Estimate(BooleanLatentModel net, DataMatrix data, int samples = DefaultSamples, int seed = 0, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(data);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "the estimate needs at least 2 samples per point, for its error");
        if (net.Encoder is null)
            throw new ArgumentException("importance sampling needs the net's encoder as its proposal; a net without one (fitted by EM, or given) is evaluated exactly", nameof(net));
        if (data.Columns != net.Dimension) throw new DataException($"the net generates {net.Dimension} columns; the data has {data.Columns}", data.Source);
        data.CheckBinary();
        int points = Math.Max(1, DrawsPerPass / samples);
        IBeliefNetPass pass = net.Layers.Count == 1 && net.Encoder.IsLinear
            ? new BeliefNetPass(BeliefNetKernel.Of(net), points, samples)
            : new BeliefNetTapePass(BeliefNetNetwork.Of(net), points, samples);
        var estimates = new double[data.Rows];
        var errors = new double[data.Rows];
        var elbos = new double[data.Rows];
        var likelihoods = pass is BeliefNetTapePass ? new double[data.Rows] : null;
        var priors = pass is BeliefNetTapePass ? new double[data.Rows] : null;
        int passes = (data.Rows + pass.MaxPoints - 1) / pass.MaxPoints;
        for (int p = 0; p < passes; p++)
        {
            cancellation.ThrowIfCancellationRequested();
            int start = p * pass.MaxPoints, count = Math.Min(pass.MaxPoints, data.Rows - start);
            pass.Run(data, default, start, count, (ulong)seed, (ulong)p, training: false);
            for (int r = 0; r < count; r++)
            {
                var logWeights = pass.LogWeights.AsSpan(r * samples, samples);
                (estimates[start + r], errors[start + r]) = LogSumExp.OfMean(logWeights);
                double sum = 0;
                foreach (var v in logWeights) sum += v;
                elbos[start + r] = sum / samples;
                if (pass is BeliefNetTapePass terms)
                {
                    likelihoods![start + r] = Mean(terms.LogLikelihoods.AsSpan(r * samples, samples));
                    priors![start + r] = Mean(terms.LogPriors.AsSpan(r * samples, samples));
                }
            }
        }
        return new BeliefNetEstimate(new ImportanceEstimate(estimates, errors, samples), elbos) { PointLikelihoods = likelihoods, PointPriors = priors };
    }

    static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }
}
