using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The forward pass of a belief net of any number of layers under an encoder of MLP factors, on the autodiff tape: per
/// point K draws h₁ ~ q(h₁ | x), then h₂ ~ q(h₂ | h₁) per draw, and so on up, and each draw's log p(x, h) — the top
/// prior, each layer given the one above, x given h₁ — and log q(h | x), the sum of the factors' log-probabilities.
/// The products run on the SIMD GEMM (binary data by the rows its ones select) and the rowwise passes on both cores.
/// Layer k's bit i of draw s is the uniform (seed, stream, offset_k + s·n_k + i), the offsets counting the bits of
/// the layers below: a one-layer net draws what <see cref="BeliefNetPass"/> draws.
/// </summary>
internal sealed class BeliefNetTapePass : IBeliefNetPass
{
    readonly BeliefNetNetwork _network;
    readonly Tape _training = new(recording: true), _evaluation = new(recording: false);

    public BeliefNetTapePass(BeliefNetNetwork network, int maxPoints, int samples)
    {
        _network = network;
        MaxPoints = maxPoints;
        Samples = samples;
        Inputs = new float[maxPoints * network.Dimension];
        LogWeights = new float[maxPoints * samples];
        LogLikelihoods = new float[maxPoints * samples];
        LogPriors = new float[maxPoints * samples];
    }

    public int MaxPoints { get; }
    public int Dimension => _network.Dimension;
    public int Samples { get; }
    public float[] Inputs { get; }
    public float[] LogWeights { get; }

    /// <summary>log p(x | h₁) per draw of the last pass.</summary>
    public float[] LogLikelihoods { get; }

    /// <summary>log p(h) per draw of the last pass, over every latent layer.</summary>
    public float[] LogPriors { get; }

    /// <summary>After a training pass, log p(x, h) and log q(h | x) per draw on the tape, for the trainer's backward pass.</summary>
    public (Tape Tape, Variable LogJoint, Variable LogQ) Recorded { get; private set; }

    public void Run(DataMatrix data, ReadOnlySpan<int> order, int start, int count, ulong seed, ulong stream, bool training)
    {
        if (count > MaxPoints) throw new ArgumentOutOfRangeException(nameof(count), count, $"a pass holds at most {MaxPoints} points");
        var tape = training ? _training : _evaluation;
        tape.Reset();
        int d = Dimension, k = Samples, draws = count * k, layers = _network.LayerBits.Length;
        var x = tape.Scratch(count, d);
        var repeated = tape.Scratch(draws, d);
        for (int r = 0; r < count; r++)
        {
            var row = data.Row(order.IsEmpty ? start + r : order[start + r]);
            var xr = x.Row(r);
            for (int j = 0; j < d; j++) xr[j] = (float)row[j];
            for (int s = 0; s < k; s++) xr.CopyTo(repeated.Row(r * k + s));
        }
        x.Span.CopyTo(Inputs);

        // Up: each factor from the layer below, its bits drawn before the next factor reads them.
        var drawn = new Variable[layers]; // top first, as the net's layers
        Variable below = tape.Data(x), logQ = null!;
        long offset = 0;
        for (int f = 0; f < layers; f++)
        {
            var logits = _network.Encoders[f].Forward(tape, below);
            if (f == 0) logits = tape.RepeatRows(logits, k);
            var bits = tape.Scratch(draws, logits.Columns);
            Draw(logits.Value, bits, seed, stream, offset);
            offset += (long)draws * logits.Columns;
            var h = tape.Constant(bits);
            var factor = tape.BernoulliLogLikelihood(logits, h);
            logQ = f == 0 ? factor : tape.Add(logQ, factor);
            drawn[layers - 1 - f] = below = h;
        }

        // Down: the top prior, each layer given the one above, x given h₁.
        var prior = tape.BernoulliLogLikelihood(tape.RepeatRows(tape.Parameter(_network.PriorLogits), draws), drawn[0]);
        for (int l = 0; l + 1 < layers; l++)
            prior = tape.Add(prior, tape.BernoulliLogLikelihood(_network.Generative[l].Forward(tape, drawn[l]), drawn[l + 1]));
        var likelihood = tape.BernoulliLogLikelihood(_network.Generative[^1].Forward(tape, drawn[^1]), tape.Constant(repeated));
        var logJoint = tape.Add(prior, likelihood);
        for (int s = 0; s < draws; s++)
        {
            LogLikelihoods[s] = likelihood.Value[s, 0];
            LogPriors[s] = prior.Value[s, 0];
            LogWeights[s] = logJoint.Value[s, 0] - logQ.Value[s, 0];
        }
        Recorded = training ? (tape, logJoint, logQ) : default;
    }

    static void Draw(Tensor logits, Tensor bits, ulong seed, ulong stream, long offset)
    {
        WorkerPair.For(bits.Length, (l: logits.Data, h: bits.Data, seed, stream, offset), static (s, from, to) =>
        {
            for (int i = from; i < to; i++)
                s.h[i] = CounterUniforms.Uniform(s.seed, s.stream, s.offset + i) < BeliefNetPass.Sigmoid(s.l[i]) ? 1f : 0f;
        }, minBatch: 4096);
    }
}
