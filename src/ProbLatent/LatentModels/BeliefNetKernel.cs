using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A one-layer sigmoid belief net and its linear encoder in float32, as score-function training and importance sampling
/// run them: the prior's logits a (p(hᵢ = 1) = σ(aᵢ)), the decoder's W (d×n) and b, and the encoder's V (d×n) and c.
/// The arrays are used in place, so a trainer's optimizer steps the very values the passes read.
/// </summary>
internal sealed class BeliefNetKernel(int dimension, int bits, float[] priorLogits, float[] decoderWeights, float[] decoderBias,
    float[] encoderWeights, float[] encoderBias)
{
    public int Dimension { get; } = dimension;
    public int Bits { get; } = bits;
    public float[] PriorLogits { get; } = priorLogits;
    public float[] DecoderWeights { get; } = decoderWeights;
    public float[] DecoderBias { get; } = decoderBias;
    public float[] EncoderWeights { get; } = encoderWeights;
    public float[] EncoderBias { get; } = encoderBias;

    /// <summary>A priors' logit is kept within ±this when float32 logits become a <see cref="BooleanLatentModel"/>, whose priors lie strictly inside (0, 1).</summary>
    const double MaxPriorLogit = 30;

    /// <summary>The top prior's probabilities of float32 logits, each kept strictly inside (0, 1).</summary>
    internal static double[] Priors(ReadOnlySpan<float> logits)
    {
        var priors = new double[logits.Length];
        for (int i = 0; i < priors.Length; i++) priors[i] = SpecialFunctions.Sigmoid(Math.Clamp(logits[i], -MaxPriorLogit, MaxPriorLogit));
        return priors;
    }

    /// <summary>The kernel of a net with an encoder, in float32.</summary>
    public static BeliefNetKernel Of(BooleanLatentModel net)
    {
        var encoder = net.Encoder ?? throw new ArgumentException("the net has no encoder", nameof(net));
        return new(net.Dimension, net.Bits, Array.ConvertAll(net.Priors.ToArray(), p => (float)SpecialFunctions.Logit(p)), ToFloat(net.Weights), ToFloat(net.Bias),
            ToFloat(encoder.Weights), ToFloat(encoder.Bias));
    }

    /// <summary>The net and encoder these values make, in double precision.</summary>
    public BooleanLatentModel Model()
    {
        var priors = Priors(PriorLogits);
        var decoder = new SigmoidLayer(ToDouble(DecoderWeights), ToDouble(DecoderBias), Bits);
        return new BooleanLatentModel(priors, [decoder], new BeliefNetEncoder(ToDouble(EncoderWeights), ToDouble(EncoderBias)));
    }

    static float[] ToFloat(IReadOnlyList<double> values)
    {
        var result = new float[values.Count];
        for (int i = 0; i < result.Length; i++) result[i] = (float)values[i];
        return result;
    }

    static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);
}
