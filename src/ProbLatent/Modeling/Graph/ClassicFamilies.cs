namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The six classic shapes — one latent, one decoder that reads it — and the reasons a single-latent description fits
/// none of them, in the words the library has always used for them.
/// </summary>
internal static class ClassicFamilies
{
    /// <summary>
    /// The classic family of a description whose latents are one root read by <paramref name="decoder"/>, refusing a
    /// wrong attempt at one in its words; null for any other graph, which the graph's own checks judge.
    /// </summary>
    public static ModelFamily? OfSingle(string model, IReadOnlyList<LatentVariable> latents, Decoder decoder) =>
        latents.Count == 1 && Applies(latents[0], decoder) ? Of(model, latents[0], decoder) : null;

    /// <summary>Whether a description of one root latent and this decoder is one of the classic shapes (or a wrong attempt at one).</summary>
    static bool Applies(LatentVariable latent, Decoder decoder) =>
        latent.Prior.Condition is null && decoder is not PerComponentDecoder { Inner: not null };

    static ModelFamily Of(string model, LatentVariable latent, Decoder decoder) => (latent.Prior, decoder, decoder.Likelihood) switch
    {
        (BernoulliPrior, BilinearEnergy, _) => ModelFamily.RestrictedBoltzmannMachine,
        (_, Energy, _) => throw EnergyNeedsBits(model, latent.Name, latent.Prior, decoder),
        (CategoricalPrior, PerComponentDecoder, GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal }) => ModelFamily.GaussianMixture,
        (CategoricalPrior, PerComponentDecoder, GaussianLikelihood g) => throw PerComponentCovariance(model, g),
        (CategoricalPrior, PerComponentDecoder, BernoulliLikelihood) => ModelFamily.BernoulliMixture,
        (CategoricalPrior, PerComponentDecoder, CategoricalLikelihood) => ModelFamily.CategoricalMixture,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Isotropic }) => ModelFamily.ProbabilisticPca,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Diagonal }) => ModelFamily.FactorAnalysis,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Full }) => throw NotIdentifiable(model),
        (BernoulliPrior, LinearDecoder, BernoulliLikelihood) => ModelFamily.BooleanLatent,
        (MarkovChainPrior, PerComponentDecoder, GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal, FixedVariance: null }) => ModelFamily.HiddenMarkovModel,
        (MarkovChainPrior, PerComponentDecoder, GaussianLikelihood g) => throw PerComponentCovariance(model, g),
        (MarkovChainPrior, PerComponentDecoder, BernoulliLikelihood or CategoricalLikelihood) => ModelFamily.HiddenMarkovModel,
        (_, not PerComponentDecoder, CategoricalLikelihood) => throw CategoricalNeedsComponents(model, decoder),
        (MarkovChainPrior, _, _) => throw NeedsDecoder(model, latent.Name, LatentKind.Chain, decoder),
        (StandardNormalPrior or GaussianMixturePrior, MlpDecoder, BernoulliLikelihood or GaussianLikelihood { Covariance: Covariance.Isotropic or Covariance.Diagonal }) =>
            ModelFamily.VariationalAutoencoder,
        (StandardNormalPrior or GaussianMixturePrior, MlpDecoder, GaussianLikelihood g) => throw NeuralCovariance(model, g),
        (GaussianMixturePrior, _, _) => throw MixturePriorNeedsNeural(model, latent.Name, decoder),
        (_, MlpDecoder, _) => throw new ModelDefinitionException(
            $"model '{model}': a neural decoder needs a Gaussian latent (Prior.StandardNormal or Prior.MixtureOfGaussians), but '{latent.Name}' is {latent.Prior}"),
        (CategoricalPrior, _, _) => throw NeedsDecoder(model, latent.Name, LatentKind.Categorical, decoder),
        (StandardNormalPrior, _, _) => throw NeedsDecoder(model, latent.Name, LatentKind.Gaussian, decoder),
        (BernoulliPrior, _, _) => throw NeedsDecoder(model, latent.Name, LatentKind.Boolean, decoder),
        _ => throw new ModelDefinitionException($"model '{model}': no supported family has latent {latent.Prior} with decoder {decoder}"),
    };

    /// <summary>An energy is over one layer of boolean latents; any other latent is refused.</summary>
    public static ModelDefinitionException EnergyNeedsBits(string model, string latent, Prior prior, Decoder energy) => new(
        $"model '{model}': {energy} joins the observed units with one layer of boolean hidden units, Prior.Bernoulli(n), " +
        $"as a root latent read by nothing else, but '{latent}' is {prior}");

    // The refusals below are shared with GraphBuilder, which meets the same wrong decoders inside larger graphs.

    public static ModelDefinitionException PerComponentCovariance(string model, GaussianLikelihood g) => new(
        $"model '{model}': a per-component Gaussian supports Covariance.Full or Covariance.Diagonal, not {g.Covariance}");

    public static ModelDefinitionException CategoricalNeedsComponents(string model, Decoder decoder) => new(
        $"model '{model}': a categorical likelihood gives each state of a categorical or Markov-chain latent its own symbol probabilities, " +
        $"Decoder.PerComponent(Likelihood.Categorical(symbols)); no linear or neural decoder maps to it, so {decoder} is not supported");

    public static ModelDefinitionException MixturePriorNeedsNeural(string model, string latent, Decoder decoder) => new(
        $"model '{model}': a mixture-of-Gaussians prior on '{latent}' needs a neural decoder, Decoder.Mlp(...), not {decoder}");

    /// <summary>The refusal of a decoder that a latent of <paramref name="kind"/> cannot be read by: the decoder it needs instead.</summary>
    public static ModelDefinitionException NeedsDecoder(string model, string latent, LatentKind kind, Decoder decoder) => new(kind switch
    {
        LatentKind.Categorical => $"model '{model}': latent '{latent}' is categorical, which needs Decoder.PerComponent(...), not {decoder}",
        LatentKind.Chain => $"model '{model}': latent '{latent}' is a Markov chain over discrete states, whose emission is a per-component decoder " +
            $"its state selects at each step, Decoder.PerComponent(Likelihood.Gaussian(...), Likelihood.Bernoulli() or Likelihood.Categorical(symbols)), not {decoder}",
        LatentKind.Gaussian => $"model '{model}': latent '{latent}' is Gaussian, which needs Decoder.Linear(Likelihood.Gaussian(...)), not {decoder}",
        _ => $"model '{model}': latent '{latent}' is boolean, which needs Decoder.Linear(Likelihood.Bernoulli()), not {decoder}",
    });

    public static ModelDefinitionException NotIdentifiable(string model) => new(
        $"model '{model}': a linear decoder with full-covariance noise is not identifiable (the noise can absorb W Wᵀ); " +
        "use Covariance.Isotropic (PPCA) or Covariance.Diagonal (factor analysis)");

    public static ModelDefinitionException NeuralCovariance(string model, GaussianLikelihood g) => new(
        $"model '{model}': a neural decoder's Gaussian likelihood has a fixed, isotropic or diagonal variance, not {g.Covariance}");
}
