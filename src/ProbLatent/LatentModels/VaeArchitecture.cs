using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>How a variational autoencoder's observations are distributed given the decoder's output.</summary>
public enum ObservationNoise
{
    /// <summary>Bernoulli with the decoder's outputs as logits.</summary>
    Bernoulli,
    /// <summary>Gaussian around the decoder's output with one learned variance.</summary>
    LearnedIsotropic,
    /// <summary>Gaussian around the decoder's output with a learned variance per dimension.</summary>
    LearnedDiagonal,
    /// <summary>Gaussian around the decoder's output with a fixed variance.</summary>
    Fixed,
}

/// <summary>
/// Everything that fixes the shape of a variational autoencoder's networks: what a saved model records so it can be
/// rebuilt, and what the reparameterized backend compiles a model description into.
/// </summary>
public sealed record VaeArchitecture
{
    public required int DataDimension { get; init; }
    public required int LatentDimension { get; init; }
    public required int[] EncoderHidden { get; init; }
    public required Activation EncoderActivation { get; init; }
    /// <summary>The decoder's hidden widths; none for a linear decoder (PPCA, factor analysis).</summary>
    public required int[] DecoderHidden { get; init; }
    public required Activation DecoderActivation { get; init; }
    public required ObservationNoise Noise { get; init; }
    /// <summary>The variance of <see cref="ObservationNoise.Fixed"/> noise.</summary>
    public double FixedVariance { get; init; }
    /// <summary>0 for a standard-normal prior; otherwise the components of a learned mixture-of-Gaussians prior.</summary>
    public int PriorComponents { get; init; }

    /// <summary>
    /// The guide is a point mass at the encoder's code z = f(x) (one head, no log-variance): a plain autoencoder, trained on
    /// the reconstruction log-likelihood alone. Absent from files saved before it existed, which read as false.
    /// </summary>
    public bool PointMassGuide { get; init; }

    /// <summary>
    /// The model has a categorical c over the <see cref="PriorComponents"/> components of the learned mixture prior — a
    /// Gaussian-mixture VAE, p(c) p(z | c) p(x | z) — and the guide is q(c | x) q(z | x, c): a softmax head and a mean and
    /// log-variance head per component, on the encoder's one trunk. Training sums c out exactly. Absent from files saved
    /// before it existed, which read as false.
    /// </summary>
    public bool MixtureGuide { get; init; }

    /// <summary>
    /// The decoder reads c as well as z: x | c, z ~ N(W_c z + μ_c, Ψ_c), a mixture of factor analysers (or of PPCA under
    /// isotropic noise), with z | c ~ N(0, I) fixed rather than learned and a noise variance per component. It needs a
    /// <see cref="MixtureGuide"/> and a linear decoder. Absent from files saved before it existed, which read as false.
    /// </summary>
    public bool ComponentDecoder { get; init; }

    /// <summary>The decoder's inputs: z, or for a <see cref="ComponentDecoder"/> [onehot(c) ⊗ z, onehot(c)], K·q + K.</summary>
    public int DecoderInputs => ComponentDecoder ? PriorComponents * (LatentDimension + 1) : LatentDimension;

    /// <summary>Rows of the learned noise log-variance: one per component for a <see cref="ComponentDecoder"/>, else one.</summary>
    public int NoiseRows => ComponentDecoder ? PriorComponents : 1;

    public bool IsLinearGaussian => DecoderHidden.Length == 0 && Noise is ObservationNoise.LearnedIsotropic or ObservationNoise.LearnedDiagonal
                                    && PriorComponents == 0 && !PointMassGuide;

    /// <summary>The encoder's heads: the mean and log-variance of a Gaussian guide, or the code of a point mass.</summary>
    public int EncoderHeads => PointMassGuide ? 1 : 2;

    /// <summary>The Gaussian q(z | x, c) the guide gives for each row: one per component for a mixture guide, else one.</summary>
    public int GuideComponents => MixtureGuide ? PriorComponents : 1;

    /// <summary>Reads the architecture off a model description the backend has accepted.</summary>
    public static VaeArchitecture Of(Model model)
    {
        var mixture = model.Latents.Count == 2 ? model.Latents[0].Prior as CategoricalPrior : null;
        var latent = model.Latents[^1].Prior;
        var decoder = model.DecoderSpec!;
        int[] decoderHidden = decoder is MlpDecoder mlp ? mlp.Hidden.ToArray() : [];
        var decoderActivation = decoder is MlpDecoder m ? m.Activation : Activation.Identity;
        // With no guide given, the encoder mirrors the decoder: its hidden widths reversed, or linear for a linear decoder.
        var guide = model.GuideSpec;
        int[] encoderHidden = guide?.Hidden.ToArray() ?? decoderHidden.Reverse().ToArray();
        var encoderActivation = guide?.Activation ?? decoderActivation;
        var (noise, variance) = decoder.Likelihood switch
        {
            BernoulliLikelihood => (ObservationNoise.Bernoulli, 0.0),
            GaussianLikelihood { FixedVariance: { } v } => (ObservationNoise.Fixed, v),
            GaussianLikelihood { Covariance: Covariance.Diagonal } => (ObservationNoise.LearnedDiagonal, 0.0),
            GaussianLikelihood => (ObservationNoise.LearnedIsotropic, 0.0),
            var other => throw new BackendNotSupportedException("reparameterized", $"model '{model.Name}': likelihood {other} is not supported"),
        };
        return new VaeArchitecture
        {
            DataDimension = model.Observed!.Dimension,
            LatentDimension = latent.Dimension,
            EncoderHidden = encoderHidden,
            EncoderActivation = encoderActivation,
            DecoderHidden = decoderHidden,
            DecoderActivation = decoderActivation,
            Noise = noise,
            FixedVariance = variance,
            PriorComponents = mixture?.Components ?? (latent is GaussianMixturePrior g ? g.Components : 0),
            MixtureGuide = mixture is not null,
            ComponentDecoder = mixture is not null && decoder is PerComponentDecoder,
            PointMassGuide = guide?.IsPointMass ?? false,
        };
    }

    /// <summary>
    /// Checks the architecture describes networks that can be built: positive sizes, known activations and noise, a
    /// positive fixed variance. One compiled from a model description always does; one read from a file is checked here,
    /// before anything is allocated for it.
    /// </summary>
    /// <exception cref="ArgumentException">What is wrong.</exception>
    internal void Validate()
    {
        static void Positive(string what, long value)
        {
            if (value <= 0) throw new ArgumentException($"{what} is {value}; it must be positive");
        }
        Positive("the data dimension", DataDimension);
        Positive("the latent dimension", LatentDimension);
        if (EncoderHidden is null || DecoderHidden is null) throw new ArgumentException("a hidden-layer list is missing");
        foreach (var width in EncoderHidden.Concat(DecoderHidden)) Positive("a hidden width", width);
        if (!Enum.IsDefined(EncoderActivation) || !Enum.IsDefined(DecoderActivation)) throw new ArgumentException("an activation is unknown");
        if (!Enum.IsDefined(Noise)) throw new ArgumentException($"the observation noise {(int)Noise} is unknown");
        if (Noise == ObservationNoise.Fixed && !(FixedVariance > 0 && double.IsFinite(FixedVariance)))
            throw new ArgumentException($"the fixed variance is {FixedVariance}; it must be positive and finite");
        if (PriorComponents < 0) throw new ArgumentException($"the prior has {PriorComponents} components");
        if (PointMassGuide && PriorComponents > 0) throw new ArgumentException("a point-mass guide trains no prior, so it has no learned mixture prior");
        if (MixtureGuide && PriorComponents < 1) throw new ArgumentException("a mixture guide needs the components of a categorical latent");
        if (ComponentDecoder && (!MixtureGuide || DecoderHidden.Length > 0 || Noise is not (ObservationNoise.LearnedIsotropic or ObservationNoise.LearnedDiagonal)))
            throw new ArgumentException("a per-component decoder (a mixture of factor analysers) needs a mixture guide, a linear decoder and a learned Gaussian noise");
        // Every weight matrix must be addressable by an int (Tensor's length).
        var (encoder, decoder) = MultiplyAdds();
        if (encoder > int.MaxValue || decoder > int.MaxValue) throw new ArgumentException("a network is too large to build");
    }

    /// <summary>
    /// Checks the values of data the networks are to be evaluated on: 0 or 1 under a Bernoulli likelihood, within single
    /// precision's safe range under a Gaussian one. (Its width is for the caller to check first, in words that name the
    /// caller's model.)
    /// </summary>
    internal void CheckValues(FloatMatrix data)
    {
        if (Noise == ObservationNoise.Bernoulli) data.CheckBinary();
        else data.CheckGaussianEvaluation();
    }

    /// <summary>
    /// Checks the values of data the networks are to be trained on: as <see cref="CheckValues"/>, and under a Gaussian
    /// likelihood whose variance is learned no constant column (the variance would shrink towards zero on it while the
    /// objective grows without bound) and no spread too small for single precision.
    /// </summary>
    internal void CheckTrainingValues(FloatMatrix data)
    {
        if (Noise is ObservationNoise.LearnedIsotropic or ObservationNoise.LearnedDiagonal) data.CheckGaussianTraining();
        else CheckValues(data);
    }

    /// <summary>Multiply–adds of one forward pass of the encoder and of the decoder, per data point.</summary>
    public (long Encoder, long Decoder) MultiplyAdds()
    {
        long Chain(IEnumerable<int> widths)
        {
            var w = widths.ToArray();
            long s = 0;
            for (int i = 0; i + 1 < w.Length; i++) s += (long)w[i] * w[i + 1];
            return s;
        }
        long encoder = Chain([DataDimension, .. EncoderHidden]) + ((long)EncoderHeads * GuideComponents * LatentDimension + (MixtureGuide ? PriorComponents : 0)) * (EncoderHidden.Length > 0 ? EncoderHidden[^1] : DataDimension);
        long decoder = Chain([DecoderInputs, .. DecoderHidden, DataDimension]);
        return (encoder, decoder);
    }

    /// <summary>
    /// Floating-point operations of the matrix products in one training step, per data point and sample: the forward
    /// pass, then twice that backward (input and weight gradients), less the input gradient of the first layer, which
    /// the data does not need.
    /// </summary>
    public double TrainingFlopsPerSample()
    {
        var (encoder, decoder) = MultiplyAdds();
        long firstLayer = (long)DataDimension * (EncoderHidden.Length > 0 ? EncoderHidden[0] : EncoderHeads * LatentDimension);
        return 2.0 * (3 * (encoder + decoder) - firstLayer);
    }

    public bool Equals(VaeArchitecture? other) =>
        other is not null && DataDimension == other.DataDimension && LatentDimension == other.LatentDimension
        && EncoderHidden.SequenceEqual(other.EncoderHidden) && EncoderActivation == other.EncoderActivation
        && DecoderHidden.SequenceEqual(other.DecoderHidden) && DecoderActivation == other.DecoderActivation
        && Noise == other.Noise && FixedVariance.Equals(other.FixedVariance) && PriorComponents == other.PriorComponents
        && PointMassGuide == other.PointMassGuide && MixtureGuide == other.MixtureGuide
        && ComponentDecoder == other.ComponentDecoder;

    public override int GetHashCode() => HashCode.Combine(DataDimension, LatentDimension, EncoderHidden.Length, DecoderHidden.Length, Noise, PriorComponents, PointMassGuide, HashCode.Combine(MixtureGuide, ComponentDecoder));

    public override string ToString() =>
        $"encoder {string.Join("-", [DataDimension, .. EncoderHidden])} {EncoderActivation} → {(PointMassGuide ? $"{LatentDimension} (a point mass)" : MixtureGuide ? $"{PriorComponents} + {PriorComponents}×{LatentDimension}×2" : $"{LatentDimension}×2")}, " +
        $"decoder {string.Join("-", [DecoderInputs, .. DecoderHidden, DataDimension])} {DecoderActivation}, {Noise}" +
        (ComponentDecoder ? $", {PriorComponents} linear components selected by c, summed out" : MixtureGuide ? $", categorical c of {PriorComponents} summed out" : PriorComponents > 0 ? $", mixture prior of {PriorComponents}" : "");
}
