using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A Gaussian-mixture VAE's importance-sampled log p(xₙ), k draws per point from the proposal Σ_c q(c | xₙ) q(z | xₙ, c):
/// c is drawn, then z from its component, and each weight p(x | z) p(z) / q(z | x) takes both mixtures whole, p(z) =
/// Σ_c π_c p(z | c) and q(z | x) = Σ_c q(c | x) q(z | x, c), so the estimate never conditions on the c it drew. The decoder
/// sees about <see cref="SampleRowsPerChunk"/> rows at once, as the plain VAE's estimate's does.
/// </summary>
internal sealed class MixtureImportanceSweep
{
    const int SampleRowsPerChunk = 5000;

    readonly VaeNetwork _network;
    readonly FloatMatrix _data;
    readonly int _samples;
    readonly Random _random;
    readonly double[] _estimates, _errors;
    readonly float[] _logWeights;

    public MixtureImportanceSweep(VaeNetwork network, FloatMatrix data, int samples, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        _network = network;
        _data = data;
        _samples = samples;
        _random = random;
        _estimates = new double[data.Rows];
        _errors = new double[data.Rows];
        _logWeights = new float[samples];
    }

    public ImportanceEstimate Estimate() => new(_estimates, _errors, _samples);

    /// <summary>
    /// Estimates the <paramref name="rows"/> points from <paramref name="start"/>, given their q(c | x) logits (rows × K) and
    /// q(z | x, c) (rows·K × q, as <see cref="VaeNetwork.EncodeMixture"/> lays them out), copied off the tape, which each
    /// decoder pass resets. <paramref name="cancellation"/> is checked before each pass.
    /// </summary>
    public void Add(Tape tape, int start, int rows, float[] logits, float[] means, float[] logVariances, CancellationToken cancellation)
    {
        int k = _network.Components, q = _network.LatentDimension, d = _data.Columns;
        int perPass = Math.Min(_samples, SampleRowsPerChunk);
        var weights = new double[k];
        var logQc = new double[k];
        var components = new double[k];
        for (int i = 0; i < rows; i++)
        {
            double normalizer = LogSumExp.Of(logits.AsSpan(i * k, k));
            for (int c = 0; c < k; c++)
            {
                logQc[c] = logits[i * k + c] - normalizer;
                weights[c] = Math.Exp(logQc[c]);
            }
            for (int done = 0; done < _samples; done += perPass)
            {
                cancellation.ThrowIfCancellationRequested();
                int s = Math.Min(perPass, _samples - done);
                tape.Reset();
                var z = tape.Scratch(s, q);
                var logProposal = new double[s];
                for (int t = 0; t < s; t++)
                {
                    int drawn = _random.NextCategorical(weights);
                    int row = (i * k + drawn) * q;
                    var zt = z.Row(t);
                    for (int j = 0; j < q; j++)
                        zt[j] = (float)(means[row + j] + Math.Exp(0.5 * logVariances[row + j]) * _random.NextGaussian());
                    for (int c = 0; c < k; c++)
                    {
                        int r = (i * k + c) * q;
                        double sum = 0;
                        for (int j = 0; j < q; j++)
                        {
                            double diff = zt[j] - means[r + j];
                            sum += SpecialFunctions.Log2Pi + logVariances[r + j] + diff * diff * Math.Exp(-logVariances[r + j]);
                        }
                        components[c] = logQc[c] - 0.5 * sum;
                    }
                    logProposal[t] = LogSumExp.Of(components);
                }
                var x = tape.Scratch(1, d);
                _data.Values.Slice((start + i) * d, d).CopyTo(x.Span);
                var zv = tape.Constant(z);
                var reconstruction = _network.LogLikelihood(tape, _network.Decode(tape, zv), tape.RepeatRows(tape.Constant(x), s));
                var logPrior = _network.LogPrior(tape, zv);
                for (int t = 0; t < s; t++)
                    _logWeights[done + t] = (float)(reconstruction.Value[t, 0] + logPrior.Value[t, 0] - logProposal[t]);
            }
            (_estimates[start + i], _errors[start + i]) = LogSumExp.OfMean(_logWeights);
        }
    }
}
