using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A tiny deep belief net's exact quantities by enumerating its layers' states, top down. For the net from machine k up,
/// at a state x of machine k's visible units: log p(x) = log Σ_h p(x | h) p(h), with p(h) the net from machine k + 1 up
/// (the top machine's marginal −F(h) − log Z at the top), and the recognition bound
/// B(x) = Σ_h q(h | x) [log p(x | h) + B(h)] + H[q(· | x)], which is −F(x) − log Z at the top. Each layer's two tables,
/// over every state of its visible units, are built from those of the layer above; the data's rows take the last step.
/// </summary>
internal static class DeepBeliefEnumeration
{
    public static double[] LogLikelihoods(DeepBeliefNet net, DataMatrix data)
    {
        if (net.Layers.Count == 1) return net.Top.PointLogLikelihoods(data);
        var (logMarginal, bound) = Tables(net);
        return PerRow(net, data, x => Step(net.Layers[0], x, logMarginal, bound).LogMarginal);
    }

    /// <summary>Σₙ B(vₙ): the exact expectation of the bound <see cref="DeepBeliefNet.LowerBound"/> estimates by Monte Carlo.</summary>
    public static double RecognitionBound(DeepBeliefNet net, DataMatrix data)
    {
        if (net.Layers.Count == 1) return net.Top.PointLogLikelihoods(data).Sum();
        var (logMarginal, bound) = Tables(net);
        return PerRow(net, data, x => Step(net.Layers[0], x, logMarginal, bound).Bound).Sum();
    }

    /// <summary>E_q[log p(v | h₁)] + E_q[log p(h₁)] + H[q] for a factorised q over the lowest layer, p(h₁) the net above it exactly.</summary>
    public static ElboTerms Elbo(DeepBeliefNet net, DataMatrix data, FactorizedBooleanPosterior q)
    {
        var bottom = net.Layers[0];
        var (logMarginal, _) = Tables(net);
        int n = bottom.Hidden;
        var h = new double[n];
        var logits = new double[bottom.Visible];
        double reconstruction = 0, prior = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            var p = q.Probabilities(r);
            for (int state = 0; state < 1 << n; state++)
            {
                double logQ = 0;
                for (int j = 0; j < n; j++)
                {
                    h[j] = state >> j & 1;
                    logQ += h[j] == 1 ? Math.Log(p[j]) : Math.Log(1 - p[j]);
                }
                if (double.IsNegativeInfinity(logQ)) continue;
                double weight = Math.Exp(logQ);
                reconstruction += weight * DeepBeliefNet.LogGenerated(bottom, data.Row(r), h, logits);
                prior += weight * logMarginal[state];
            }
        }
        return new ElboTerms(reconstruction, prior, q.Entropy());
    }

    /// <summary>log p(h₁) and B(h₁) of the net above the lowest layer, over every state of h₁ (bit j of the state is unit j).</summary>
    static (double[] LogMarginal, double[] Bound) Tables(DeepBeliefNet net)
    {
        var layers = net.Layers;
        var top = net.Top;
        double logZ = top.LogPartition;
        var logMarginal = new double[1 << top.Visible];
        var inputs = new double[top.Hidden];
        var x = new double[top.Visible];
        for (int s = 0; s < logMarginal.Length; s++) logMarginal[s] = -top.FreeEnergy(Bits(s, x), inputs) - logZ;
        var bound = (double[])logMarginal.Clone();
        for (int k = layers.Count - 2; k >= 1; k--)
        {
            var layer = layers[k];
            var nextMarginal = new double[1 << layer.Visible];
            var nextBound = new double[nextMarginal.Length];
            var state = new double[layer.Visible];
            for (int s = 0; s < nextMarginal.Length; s++) (nextMarginal[s], nextBound[s]) = Step(layer, Bits(s, state), logMarginal, bound);
            (logMarginal, bound) = (nextMarginal, nextBound);
        }
        return (logMarginal, bound);
    }

    /// <summary>log p(x) and B(x) at a state x of <paramref name="layer"/>'s visible units, from the tables over its hidden units' states.</summary>
    static (double LogMarginal, double Bound) Step(RestrictedBoltzmannMachine layer, ReadOnlySpan<double> x, double[] logMarginal, double[] bound)
    {
        int n = layer.Hidden;
        var q = new double[n];
        layer.HiddenInputs(x, q);
        var h = new double[n];
        var logits = new double[layer.Visible];
        var terms = new double[1 << n];
        double expected = 0;
        for (int s = 0; s < terms.Length; s++)
        {
            double logQ = 0;
            for (int j = 0; j < n; j++) logQ += (s >> j & 1) == 1 ? SpecialFunctions.LogSigmoid(q[j]) : SpecialFunctions.LogSigmoid(-q[j]);
            double generated = DeepBeliefNet.LogGenerated(layer, x, Bits(s, h), logits);
            terms[s] = generated + logMarginal[s];
            expected += Math.Exp(logQ) * (generated + bound[s]);
        }
        for (int j = 0; j < n; j++) q[j] = SpecialFunctions.Sigmoid(q[j]);
        return (LogSumExp.Of(terms), expected + DeepBeliefNet.Entropy(q));
    }

    static double[] PerRow(DeepBeliefNet net, DataMatrix data, Func<double[], double> value)
    {
        var result = new double[data.Rows];
        for (int r = 0; r < data.Rows; r++) result[r] = value(data.Row(r).ToArray());
        return result;
    }

    static double[] Bits(int state, double[] into)
    {
        for (int i = 0; i < into.Length; i++) into[i] = state >> i & 1;
        return into;
    }
}
