using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The forward pass of a one-layer sigmoid belief net under its encoder, for up to a fixed number of points with K samples
/// each: the points' encoder logits e = x V + c, K draws hₖ ~ q(h | x) per point, the decoder's logits hₖ Wᵀ + b, and each
/// draw's log weight log wₖ = log p(x | hₖ) + log p(hₖ) − log q(hₖ | x). The products run on the SIMD GEMM and the
/// rowwise passes on both cores; every buffer is made once, so a pass allocates nothing. Draw i of a pass is the uniform
/// (seed, stream, i) (<see cref="CounterUniforms"/>), so a pass gives the same numbers whichever core computes what.
/// </summary>
internal sealed class BeliefNetPass : IBeliefNetPass
{
    readonly BeliefNetKernel _kernel;
    readonly int _d, _n;

    public BeliefNetPass(BeliefNetKernel kernel, int maxPoints, int samples)
    {
        _kernel = kernel;
        _d = kernel.Dimension;
        _n = kernel.Bits;
        MaxPoints = maxPoints;
        Samples = samples;
        int draws = maxPoints * samples;
        Inputs = new float[maxPoints * _d];
        EncoderLogits = new float[maxPoints * _n];
        EncoderProbabilities = new float[maxPoints * _n];
        EncoderOffsets = new float[maxPoints];
        Draws = new float[draws * _n];
        DecoderLogits = new float[draws * _d];
        LogWeights = new float[draws];
    }

    public int MaxPoints { get; }

    /// <summary>d, the data's dimension.</summary>
    public int Dimension => _d;

    /// <summary>n, the latent bits.</summary>
    public int Bits => _n;

    /// <summary>K, the draws per point.</summary>
    public int Samples { get; }

    /// <summary>The points of the last pass, rows×d.</summary>
    public float[] Inputs { get; }
    public float[] EncoderLogits { get; }

    /// <summary>q(hᵢ = 1 | x) for each point of the last pass.</summary>
    public float[] EncoderProbabilities { get; }

    /// <summary>−Σᵢ softplus(eᵢ) per point: log q(h | x) is Σᵢ hᵢ eᵢ plus this.</summary>
    float[] EncoderOffsets { get; }

    /// <summary>The draws hₖ, point by point, K rows of n bits each.</summary>
    public float[] Draws { get; }

    /// <summary>The decoder's logits per draw; in training, x − σ(logits) instead, what the decoder's gradient needs.</summary>
    public float[] DecoderLogits { get; }

    /// <summary>log wₖ per draw, point by point.</summary>
    public float[] LogWeights { get; }

    /// <summary>Runs the pass over rows <paramref name="order"/>[start…start + count) of <paramref name="data"/>.</summary>
    /// <remarks>Training keeps the decoder's residuals x − σ(logits) in <see cref="DecoderLogits"/>.</remarks>
    public void Run(DataMatrix data, ReadOnlySpan<int> order, int start, int count, ulong seed, ulong stream, bool training)
    {
        bool keepResiduals = training;
        if (count > MaxPoints) throw new ArgumentOutOfRangeException(nameof(count), count, $"a pass holds at most {MaxPoints} points");
        for (int r = 0; r < count; r++)
        {
            var row = data.Row(order.IsEmpty ? start + r : order[start + r]);
            var x = Inputs.AsSpan(r * _d, _d);
            for (int j = 0; j < _d; j++) x[j] = (float)row[j];
        }
        Encode(count);
        int draws = count * Samples;
        WorkerPair.For(draws * _n, (p: EncoderProbabilities, h: Draws, n: _n, k: Samples, seed, stream), static (s, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                int point = i / s.n / s.k, bit = i % s.n;
                s.h[i] = CounterUniforms.Uniform(s.seed, s.stream, i) < s.p[point * s.n + bit] ? 1f : 0f;
            }
        }, minBatch: 4096);
        Gemm.Multiply(draws, _d, _n, Draws, _n, false, _kernel.DecoderWeights, _n, true, DecoderLogits, _d);
        float priorOffset = 0;
        foreach (var a in _kernel.PriorLogits) priorOffset -= Softplus(a);
        WorkerPair.For(draws, (pass: this, priorOffset, keepResiduals), static (s, from, to) => s.pass.Weigh(from, to, s.priorOffset, s.keepResiduals), minBatch: 4);
    }

    void Encode(int count)
    {
        Gemm.Multiply(count, _n, _d, Inputs, _d, false, _kernel.EncoderWeights, _n, false, EncoderLogits, _n);
        for (int r = 0; r < count; r++)
        {
            var e = EncoderLogits.AsSpan(r * _n, _n);
            var q = EncoderProbabilities.AsSpan(r * _n, _n);
            float offset = 0;
            for (int i = 0; i < _n; i++)
            {
                float logit = e[i] + _kernel.EncoderBias[i];
                e[i] = logit;
                q[i] = Sigmoid(logit);
                offset -= Softplus(logit);
            }
            EncoderOffsets[r] = offset;
        }
    }

    void Weigh(int from, int to, float priorOffset, bool keepResiduals)
    {
        var bias = _kernel.DecoderBias;
        var a = _kernel.PriorLogits;
        for (int s = from; s < to; s++)
        {
            int point = s / Samples;
            var logits = DecoderLogits.AsSpan(s * _d, _d);
            for (int j = 0; j < _d; j++) logits[j] += bias[j];
            float likelihood = BernoulliLogits.Row(logits, Inputs.AsSpan(point * _d, _d), keepResiduals ? logits : default);
            var h = Draws.AsSpan(s * _n, _n);
            var e = EncoderLogits.AsSpan(point * _n, _n);
            float prior = priorOffset, posterior = EncoderOffsets[point];
            for (int i = 0; i < _n; i++)
                if (h[i] != 0)
                {
                    prior += a[i];
                    posterior += e[i];
                }
            LogWeights[s] = likelihood + prior - posterior;
        }
    }

    internal static float Sigmoid(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    internal static float Softplus(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
}
