using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The Monte Carlo bound of a deep belief net: log p(v) ≥ E_q[log p(v, h₁, …, h_{L−1}) − log q(h₁, …, h_{L−1} | v)] with
/// q the recognition pass, each draw going up one layer at a time, h_k ~ q(h_k | h_{k−1}). A draw scores
/// log p(v | h₁) + Σₖ log p(h_{k−1} | h_k) + (−F_top(h_{L−1}) − log Z) and, for −log q, each layer's entropy given the
/// draw below it — the expectation of −log q(h_k | h_{k−1}) in closed form, which leaves the bound unbiased with less
/// variance. Points run on both cores, each from its own stream of counter-addressed uniforms.
/// </summary>
internal static class DeepBeliefBoundEstimator
{
    public static DeepBeliefBound Run(DeepBeliefNet net, DataMatrix data, DeepBeliefBoundOptions options, CancellationToken cancellation)
    {
        var layers = net.Layers;
        var (logZ, logZError, exact) = TopPartition(net, data, options, cancellation);
        int rows = data.Rows, samples = options.Samples, drawn = layers.Take(layers.Count - 1).Sum(l => l.Hidden);
        var reconstruction = new double[rows];
        var prior = new double[rows];
        var entropy = new double[rows];
        var variance = new double[rows];
        WorkerPair.For(rows, (layers, data, samples, drawn, seed: (ulong)options.Seed, reconstruction, prior, entropy, variance, cancellation), static (s, start, end) =>
        {
            var layers = s.layers;
            int widest = layers.Max(l => Math.Max(l.Visible, l.Hidden));
            var below = new double[widest];
            var p = new double[widest];
            var h = new double[widest];
            var logits = new double[widest];
            var topInputs = new double[layers[^1].Hidden];
            for (int r = start; r < end; r++)
            {
                s.cancellation.ThrowIfCancellationRequested();
                double sumRec = 0, sumPrior = 0, sumEntropy = 0, mean = 0, squares = 0;
                for (int t = 0; t < s.samples; t++)
                {
                    var x = s.data.Row(r);
                    double rec = 0, pri = 0, ent = 0;
                    long index = (long)t * s.drawn;
                    for (int k = 0; k + 1 < layers.Count; k++)
                    {
                        var layer = layers[k];
                        var q = p.AsSpan(0, layer.Hidden);
                        var draw = h.AsSpan(0, layer.Hidden);
                        layer.HiddenInputs(x, q);
                        for (int j = 0; j < q.Length; j++)
                        {
                            q[j] = SpecialFunctions.Sigmoid(q[j]);
                            draw[j] = CounterUniforms.Uniform(s.seed, (ulong)r, index++) < q[j] ? 1 : 0;
                        }
                        ent += DeepBeliefNet.Entropy(q);
                        double generated = DeepBeliefNet.LogGenerated(layer, x, draw, logits.AsSpan(0, layer.Visible));
                        if (k == 0) rec += generated;
                        else pri += generated;
                        draw.CopyTo(below);
                        x = below.AsSpan(0, layer.Hidden);
                    }
                    double top = -layers[^1].FreeEnergy(x, topInputs);
                    if (layers.Count == 1) rec += top;
                    else pri += top;
                    sumRec += rec;
                    sumPrior += pri;
                    sumEntropy += ent;
                    // Welford's update: exactly zero spread when every draw scores the same (a net of one layer draws nothing).
                    double total = rec + pri + ent, step = total - mean;
                    mean += step / (t + 1);
                    squares += step * (total - mean);
                }
                s.reconstruction[r] = sumRec / s.samples;
                s.prior[r] = sumPrior / s.samples;
                s.entropy[r] = sumEntropy / s.samples;
                // The variance of the point's mean over its draws: the sample variance over S.
                s.variance[r] = squares / (s.samples - 1) / s.samples;
            }
        }, minBatch: 4);
        var terms = layers.Count == 1
            ? new ElboTerms(reconstruction.Sum() - rows * logZ, 0, 0)
            : new ElboTerms(reconstruction.Sum(), prior.Sum() - rows * logZ, entropy.Sum());
        var points = new double[rows];
        for (int r = 0; r < rows; r++) points[r] = reconstruction[r] + prior[r] + entropy[r] - logZ;
        return new DeepBeliefBound(terms, Math.Sqrt(variance.Sum()), logZ, rows * logZError, exact, samples, rows, points, Array.ConvertAll(variance, Math.Sqrt));
    }

    /// <summary>The top machine's log Z: exact when its smaller layer can be enumerated, else by AIS from the base rates of its inputs' up-pass.</summary>
    static (double LogZ, double Error, bool Exact) TopPartition(DeepBeliefNet net, DataMatrix data, DeepBeliefBoundOptions options, CancellationToken cancellation)
    {
        var top = net.Top;
        if (top.HasExactPartition) return (top.LogPartition, 0, true);
        var inputs = data;
        if (net.Layers.Count > 1)
        {
            var upPass = net.UpPass(data);
            inputs = new DataMatrix(upPass[^2], data.Rows, top.Visible);
        }
        var ais = options.Ais ?? new AisOptions { Seed = options.Seed };
        var estimate = AnnealedImportanceSampling.Run(BoltzmannKernel.Of(top), BaseRates.Logits(inputs), ais, cancellation);
        return (estimate.LogPartition, estimate.StandardError, false);
    }
}
