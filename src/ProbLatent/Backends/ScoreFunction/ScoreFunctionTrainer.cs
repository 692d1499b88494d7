using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// Score-function training of a one-layer sigmoid belief net and its linear encoder, hand-fused (<see cref="BeliefNetPass"/>):
/// the net's gradient Σₖ gₖ ∇θ log wₖ (∇ of the decoder's logits is x − σ(Wh + b), of the prior's h − σ(a)) and the
/// encoder's Σₖ sₖ (hₖ − q(h | x)) through its logits, the weight gradients GEMMs of the draws and the residuals.
/// </summary>
internal sealed class ScoreFunctionTrainer : BeliefNetTrainer
{
    readonly Parameter _priorLogits, _decoderWeights, _decoderBias, _encoderWeights, _encoderBias;
    readonly (Parameter, string)[] _named;
    readonly BeliefNetKernel _kernel;
    readonly BeliefNetPass _pass;
    readonly float[] _model, _encoder, _encoderLogitGradient;
    readonly int _d, _n;

    /// <summary>A run from small random weights, the prior at ½ and the decoder's biases at <paramref name="visibleBiases"/> (the data's base rates, as for an RBM).</summary>
    public ScoreFunctionTrainer(int dimension, int bits, int batchSize, double[] visibleBiases, ScoreFunctionOptions options)
        : this(dimension, bits, batchSize, options)
    {
        var random = new Random(options.Seed);
        foreach (var weights in new[] { _decoderWeights, _encoderWeights })
        {
            var w = weights.Value.Span;
            for (int i = 0; i < w.Length; i++) w[i] = (float)(StartScale * random.NextGaussian());
        }
        for (int j = 0; j < dimension; j++) _decoderBias.Value.Span[j] = (float)visibleBiases[j];
    }

    /// <summary>A run from a net and its encoder (the gradient properties start it where they enumerate).</summary>
    public ScoreFunctionTrainer(BooleanLatentModel start, int batchSize, ScoreFunctionOptions options)
        : this(start.Dimension, start.Bits, batchSize, options)
    {
        var kernel = BeliefNetKernel.Of(start);
        kernel.PriorLogits.CopyTo(_priorLogits.Value.Data, 0);
        kernel.DecoderWeights.CopyTo(_decoderWeights.Value.Data, 0);
        kernel.DecoderBias.CopyTo(_decoderBias.Value.Data, 0);
        kernel.EncoderWeights.CopyTo(_encoderWeights.Value.Data, 0);
        kernel.EncoderBias.CopyTo(_encoderBias.Value.Data, 0);
    }

    ScoreFunctionTrainer(int dimension, int bits, int batchSize, ScoreFunctionOptions options) : base(dimension, batchSize, options)
    {
        _d = dimension;
        _n = bits;
        _priorLogits = new Parameter("prior.logits", 1, bits);
        _decoderWeights = new Parameter("decoder.weight", dimension, bits);
        _decoderBias = new Parameter("decoder.bias", 1, dimension);
        _encoderWeights = new Parameter("encoder.weight", dimension, bits);
        _encoderBias = new Parameter("encoder.bias", 1, bits);
        _named = [(_priorLogits, "the prior's logits"), (_decoderWeights, "the decoder's weights"), (_decoderBias, "the decoder's biases"),
            (_encoderWeights, "the encoder's weights"), (_encoderBias, "the encoder's biases")];
        _kernel = new BeliefNetKernel(dimension, bits, _priorLogits.Value.Data, _decoderWeights.Value.Data, _decoderBias.Value.Data,
            _encoderWeights.Value.Data, _encoderBias.Value.Data);
        _pass = new BeliefNetPass(_kernel, batchSize, options.Samples);
        _model = ModelCoefficients;
        _encoder = EncoderCoefficients;
        _encoderLogitGradient = new float[batchSize * bits];
        Start();
    }

    protected override IBeliefNetPass Pass => _pass;

    /// <summary>The prior's logits, the decoder's weights (d×n) and biases, the encoder's weights (d×n) and biases.</summary>
    protected override IReadOnlyList<(Parameter Parameter, string Name)> Named => _named;

    public override BooleanLatentModel Model() => _kernel.Model();

    protected override void Backward(int points, float scale)
    {
        DecoderGradients(points * Options.Samples, scale);
        EncoderGradients(points, scale);
    }

    /// <summary>The decoder's and the prior's gradients: each draw's residual x − σ(l) and h − σ(a) weighted by its coefficient.</summary>
    void DecoderGradients(int draws, float scale)
    {
        var residuals = _pass.DecoderLogits;
        WorkerPair.For(draws, (residuals, model: _model, d: _d, scale), static (s, from, to) =>
        {
            for (int r = from; r < to; r++)
            {
                float c = s.model[r] * s.scale;
                foreach (ref var v in s.residuals.AsSpan(r * s.d, s.d)) v *= c;
            }
        }, minBatch: 16);
        var weights = _decoderWeights.GradientFor(out _);
        Gemm.Multiply(_d, _n, draws, residuals, _d, true, _pass.Draws, _n, false, weights.Data, _n);
        var bias = _decoderBias.GradientFor(out _).Span;
        bias.Clear();
        for (int r = 0; r < draws; r++)
        {
            var row = residuals.AsSpan(r * _d, _d);
            for (int j = 0; j < _d; j++) bias[j] += row[j];
        }
        var prior = _priorLogits.GradientFor(out _).Span;
        prior.Clear();
        float total = 0;
        for (int r = 0; r < draws; r++)
        {
            float c = _model[r] * scale;
            total += c;
            var h = _pass.Draws.AsSpan(r * _n, _n);
            for (int i = 0; i < _n; i++) if (h[i] != 0) prior[i] += c;
        }
        var a = _priorLogits.Value.Span;
        for (int i = 0; i < _n; i++) prior[i] -= total * BeliefNetPass.Sigmoid(a[i]);
    }

    /// <summary>The encoder's gradient through its logits: Σₖ sₖ (hₖ − q) per point, then xᵀ times that and its sum.</summary>
    void EncoderGradients(int points, float scale)
    {
        int k = Options.Samples;
        var logits = _encoderLogitGradient;
        for (int r = 0; r < points; r++)
        {
            var g = logits.AsSpan(r * _n, _n);
            g.Clear();
            var q = _pass.EncoderProbabilities.AsSpan(r * _n, _n);
            float signals = 0;
            for (int i = 0; i < k; i++)
            {
                int s = r * k + i;
                float c = _encoder[s] * scale;
                signals += c;
                var h = _pass.Draws.AsSpan(s * _n, _n);
                for (int j = 0; j < _n; j++) if (h[j] != 0) g[j] += c;
            }
            for (int j = 0; j < _n; j++) g[j] -= signals * q[j];
        }
        var weights = _encoderWeights.GradientFor(out _);
        Gemm.Multiply(_d, _n, points, _pass.Inputs, _d, true, logits, _n, false, weights.Data, _n);
        var bias = _encoderBias.GradientFor(out _).Span;
        bias.Clear();
        for (int r = 0; r < points; r++)
        {
            var g = logits.AsSpan(r * _n, _n);
            for (int j = 0; j < _n; j++) bias[j] += g[j];
        }
    }
}
