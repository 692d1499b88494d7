using System.Collections.Immutable;
using ProbLatent.Backends;

namespace ProbLatent.Modeling;

/// <summary>
/// An immutable model description, built fluently: <c>Model.Define(name).Latent(...).Decoder(...).Observe(...)</c>.
/// Each call returns a new description and checks what it can at once (a decoder that does not suit the
/// latent, a repeated name); what needs the whole model (is anything observed?) is checked by
/// <see cref="Validate"/>, which <see cref="Compile"/> calls. Nothing is computed while a model is defined.
/// </summary>
public sealed record Model
{
    Model(string name) => Name = name;

    public string Name { get; }
    public ImmutableList<LatentVariable> Latents { get; private init; } = [];
    public Decoder? DecoderSpec { get; private init; }
    public ObservedVariable? Observed { get; private init; }

    /// <summary>The amortized guide q(z | x), when one was given; backends that need one and find none choose a default.</summary>
    public Encoder? GuideSpec { get; private init; }

    /// <summary>The single latent variable the supported families have.</summary>
    public LatentVariable SingleLatent => Latents.Count == 1
        ? Latents[0]
        : throw new ModelDefinitionException($"model '{Name}' has {Latents.Count} latent variables; exactly one is supported");

    public static Model Define(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ModelDefinitionException("Model.Define: the model needs a name");
        return new Model(name);
    }

    public Model Latent(string name, Prior prior)
    {
        CheckName(name, "Latent");
        if (prior is null) throw new ModelDefinitionException($"model '{Name}': latent '{name}' has no prior");
        if (Latents.Count > 0)
            throw new ModelDefinitionException(
                $"model '{Name}': latent '{name}' would be a second latent variable (after '{Latents[0].Name}'); the supported families have exactly one");
        var latent = new LatentVariable(name, prior);
        if (DecoderSpec is not null) CheckDecoderSuitsLatent(DecoderSpec, latent);
        return this with { Latents = Latents.Add(latent) };
    }

    public Model Decoder(Decoder decoder)
    {
        if (decoder is null) throw new ModelDefinitionException($"model '{Name}': Decoder(null)");
        if (DecoderSpec is not null) throw new ModelDefinitionException($"model '{Name}': the decoder is already set to {DecoderSpec}");
        if (Latents.Count == 1) CheckDecoderSuitsLatent(decoder, Latents[0]);
        return this with { DecoderSpec = decoder };
    }

    public Model Observe(string name, int dimension)
    {
        CheckName(name, "Observe");
        if (Observed is not null) throw new ModelDefinitionException($"model '{Name}': '{Observed.Name}' is already observed; one observed variable is supported");
        if (dimension < 1) throw new ModelDefinitionException($"model '{Name}': observed '{name}' must have dimension ≥ 1, got {dimension}");
        return this with { Observed = new ObservedVariable(name, dimension) };
    }

    /// <summary>Sets the decoder network and the likelihood it parameterises: <c>.Decoder(Decoder.Mlp(200, 200), Likelihood.Bernoulli())</c>.</summary>
    public Model Decoder(MlpDecoder decoder, Likelihood likelihood) => Decoder(decoder.WithLikelihood(likelihood));

    /// <summary>Adds an amortized guide (encoder) q(z | x) for the latent variable.</summary>
    public Model Guide(Encoder encoder)
    {
        if (encoder is null) throw new ModelDefinitionException($"model '{Name}': Guide(null)");
        if (GuideSpec is not null) throw new ModelDefinitionException($"model '{Name}': the guide is already set to {GuideSpec}");
        if (Latents.Count == 1 && Latents[0].Prior is not (StandardNormalPrior or GaussianMixturePrior))
            throw new ModelDefinitionException(
                $"model '{Name}': a Gaussian guide needs a Gaussian latent, but '{Latents[0].Name}' is {Latents[0].Prior}");
        return this with { GuideSpec = encoder };
    }

    /// <summary>Checks the description is complete and consistent and returns its family.</summary>
    public ModelFamily Validate()
    {
        if (Latents.Count == 0) throw new ModelDefinitionException($"model '{Name}' has no latent variable: add .Latent(name, prior)");
        if (DecoderSpec is null) throw new ModelDefinitionException($"model '{Name}' has no decoder: add .Decoder(...) to say how '{Latents[0].Name}' generates the data");
        if (Observed is null) throw new ModelDefinitionException($"model '{Name}' has no observed variable: add .Observe(name, dimension)");
        return FamilyOf(Latents[0], DecoderSpec);
    }

    /// <summary>The family this model amounts to.</summary>
    public ModelFamily Family => Validate();

    /// <summary>Compiles the model for a backend, which refuses it with a reason if it cannot run it.</summary>
    public CompiledModel Compile(IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Validate();
        return backend.Compile(this);
    }

    /// <summary>Two descriptions are equal when all their parts are: the same model, defined twice, is one model.</summary>
    public bool Equals(Model? other) =>
        other is not null && Name == other.Name && Latents.SequenceEqual(other.Latents)
        && Equals(DecoderSpec, other.DecoderSpec) && Equals(Observed, other.Observed) && Equals(GuideSpec, other.GuideSpec);

    public override int GetHashCode() => HashCode.Combine(Name, Latents.Count, DecoderSpec, Observed, GuideSpec);

    public override string ToString() =>
        $"{Name}: {string.Join(", ", Latents.Select(l => $"{l.Name} ~ {l.Prior}"))}; {DecoderSpec}; observe {Observed?.Name}[{Observed?.Dimension}]"
        + (GuideSpec is null ? "" : $"; guide {GuideSpec}");

    void CheckName(string name, string call)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ModelDefinitionException($"model '{Name}': {call} needs a variable name");
        if (Latents.Any(l => l.Name == name) || Observed?.Name == name)
            throw new ModelDefinitionException($"model '{Name}': the name '{name}' is already used");
    }

    void CheckDecoderSuitsLatent(Decoder decoder, LatentVariable latent) => FamilyOf(latent, decoder);

    ModelFamily FamilyOf(LatentVariable latent, Decoder decoder) => (latent.Prior, decoder, decoder.Likelihood) switch
    {
        (CategoricalPrior, PerComponentDecoder, GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal }) => ModelFamily.GaussianMixture,
        (CategoricalPrior, PerComponentDecoder, GaussianLikelihood g) => throw new ModelDefinitionException(
            $"model '{Name}': a per-component Gaussian supports Covariance.Full or Covariance.Diagonal, not {g.Covariance}"),
        (CategoricalPrior, PerComponentDecoder, BernoulliLikelihood) => ModelFamily.BernoulliMixture,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Isotropic }) => ModelFamily.ProbabilisticPca,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Diagonal }) => ModelFamily.FactorAnalysis,
        (StandardNormalPrior, LinearDecoder, GaussianLikelihood { Covariance: Covariance.Full }) => throw new ModelDefinitionException(
            $"model '{Name}': a linear decoder with full-covariance noise is not identifiable (the noise can absorb W Wᵀ); use Covariance.Isotropic (PPCA) or Covariance.Diagonal (factor analysis)"),
        (BernoulliPrior, LinearDecoder, BernoulliLikelihood) => ModelFamily.BooleanLatent,
        (StandardNormalPrior or GaussianMixturePrior, MlpDecoder, BernoulliLikelihood or GaussianLikelihood { Covariance: Covariance.Isotropic or Covariance.Diagonal }) =>
            ModelFamily.VariationalAutoencoder,
        (StandardNormalPrior or GaussianMixturePrior, MlpDecoder, GaussianLikelihood g) => throw new ModelDefinitionException(
            $"model '{Name}': a neural decoder's Gaussian likelihood has a fixed, isotropic or diagonal variance, not {g.Covariance}"),
        (GaussianMixturePrior, _, _) => throw new ModelDefinitionException(
            $"model '{Name}': a mixture-of-Gaussians prior on '{latent.Name}' needs a neural decoder, Decoder.Mlp(...), not {decoder}"),
        (_, MlpDecoder, _) => throw new ModelDefinitionException(
            $"model '{Name}': a neural decoder needs a Gaussian latent (Prior.StandardNormal or Prior.MixtureOfGaussians), but '{latent.Name}' is {latent.Prior}"),
        (CategoricalPrior, _, _) => throw new ModelDefinitionException(
            $"model '{Name}': latent '{latent.Name}' is categorical, which needs Decoder.PerComponent(...), not {decoder}"),
        (StandardNormalPrior, _, _) => throw new ModelDefinitionException(
            $"model '{Name}': latent '{latent.Name}' is Gaussian, which needs Decoder.Linear(Likelihood.Gaussian(...)), not {decoder}"),
        (BernoulliPrior, _, _) => throw new ModelDefinitionException(
            $"model '{Name}': latent '{latent.Name}' is boolean, which needs Decoder.Linear(Likelihood.Bernoulli()), not {decoder}"),
        _ => throw new ModelDefinitionException($"model '{Name}': no supported family has latent {latent.Prior} with decoder {decoder}"),
    };
}
