using System.Collections.Immutable;
using ProbLatent.Backends;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Modeling;

/// <summary>
/// An immutable model description, built fluently: <c>Model.Define(name).Latent(...).Decoder(...).Observe(...)</c>.
/// It is a small graph: latents declared in order, each a root with its own prior or conditioned on an earlier latent
/// (<see cref="Prior.Given"/>), the decoder of the observed variable, and priors on named parameters
/// (<see cref="Prior(string, ParameterPrior)"/>). Each call returns a new description and checks what it can at once
/// (a decoder that does not suit the only latent, a parent not declared before, a repeated name); once the description
/// is complete every call checks the whole graph, and <see cref="Validate"/>, which <see cref="Compile"/> calls, says
/// what is missing. Nothing is computed while a model is defined.
/// </summary>
public sealed record Model
{
    Model(string name) => Name = name;

    public string Name { get; }

    /// <summary>The latents in the order declared; a latent may depend only on those before it.</summary>
    public ImmutableList<LatentVariable> Latents { get; private init; } = [];

    /// <summary>The decoder of the observed variable, or the <see cref="Modeling.Energy"/> that joins it with the latent.</summary>
    public Decoder? DecoderSpec { get; private init; }
    public ObservedVariable? Observed { get; private init; }

    /// <summary>The amortized guide q(z | x), when one was given; backends that need one and find none choose a default.</summary>
    public Encoder? GuideSpec { get; private init; }

    /// <summary>The priors stated on parameters, in the order stated.</summary>
    public ImmutableList<StatedPrior> ParameterPriors { get; private init; } = [];

    /// <summary>The single latent variable of a classic family.</summary>
    public LatentVariable SingleLatent => Latents.Count == 1
        ? Latents[0]
        : throw new ModelDefinitionException($"model '{Name}' has {Latents.Count} latent variables; this needs exactly one");

    public static Model Define(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ModelDefinitionException("Model.Define: the model needs a name");
        return new Model(name);
    }

    /// <summary>Declares a latent variable; with <see cref="Prior.Given"/> its prior depends on a latent declared before it.</summary>
    public Model Latent(string name, Prior prior)
    {
        CheckName(name, "Latent");
        if (prior is null) throw new ModelDefinitionException($"model '{Name}': latent '{name}' has no prior");
        return (this with { Latents = Latents.Add(new LatentVariable(name, prior)) }).Checked();
    }

    /// <summary>Sets the decoder of the observed variable: how the latents generate the data.</summary>
    public Model Decoder(Decoder decoder)
    {
        if (decoder is null) throw new ModelDefinitionException($"model '{Name}': Decoder(null)");
        if (decoder is Modeling.Energy energy)
            throw new ModelDefinitionException($"model '{Name}': {energy} is undirected, not a decoder of the data given the latents; declare it with .Energy(...)");
        return WithGenerator(decoder);
    }

    /// <summary>
    /// Joins the observed variable with the latent by an undirected energy instead of a decoder:
    /// <c>Model.Define("rbm").Latent("h", Prior.Bernoulli(500)).Energy(Energy.Bilinear()).Observe("x", 784)</c>.
    /// </summary>
    public Model Energy(Modeling.Energy energy)
    {
        if (energy is null) throw new ModelDefinitionException($"model '{Name}': Energy(null)");
        return WithGenerator(energy);
    }

    /// <summary>The decoder or energy that generates the observed variable, set once.</summary>
    Model WithGenerator(Decoder generator)
    {
        if (DecoderSpec is not null) throw new ModelDefinitionException($"model '{Name}': the decoder is already set to {DecoderSpec}");
        return (this with { DecoderSpec = generator }).Checked();
    }

    public Model Observe(string name, int dimension)
    {
        CheckName(name, "Observe");
        if (Observed is not null) throw new ModelDefinitionException($"model '{Name}': '{Observed.Name}' is already observed; one observed variable is supported");
        if (dimension < 1) throw new ModelDefinitionException($"model '{Name}': observed '{name}' must have dimension ≥ 1, got {dimension}");
        return (this with { Observed = new ObservedVariable(name, dimension) }).Checked();
    }

    /// <summary>Sets the decoder network and the likelihood it parameterises: <c>.Decoder(Decoder.Mlp(200, 200), Likelihood.Bernoulli())</c>.</summary>
    public Model Decoder(MlpDecoder decoder, Likelihood likelihood) => Decoder(decoder.WithLikelihood(likelihood));

    /// <summary>Adds an amortized guide (encoder) q(z | x) for the latent variable.</summary>
    public Model Guide(Encoder encoder)
    {
        if (encoder is null) throw new ModelDefinitionException($"model '{Name}': Guide(null)");
        if (GuideSpec is not null) throw new ModelDefinitionException($"model '{Name}': the guide is already set to {GuideSpec}");
        if (Latents.FirstOrDefault(l => l.Prior is not (StandardNormalPrior or GaussianMixturePrior) && !encoder.Encodes(l, Latents)) is { } discrete)
            throw encoder.RefuseLatent(Name, discrete);
        return (this with { GuideSpec = encoder }).Checked();
    }

    /// <summary>
    /// States a prior on a parameter of the model, by its name (<c>"weights"</c>) or, where several parts have one of
    /// that name, by its owner's (<c>"x.means"</c>); <see cref="Graph"/> lists them. A model without priors behaves as
    /// one always has; backends that integrate or maximise over parameters use the priors the model states.
    /// </summary>
    public Model Prior(string parameter, ParameterPrior prior)
    {
        if (string.IsNullOrWhiteSpace(parameter)) throw new ModelDefinitionException($"model '{Name}': Prior needs a parameter name");
        if (prior is null) throw new ModelDefinitionException($"model '{Name}': the prior on '{parameter}' is null");
        if (ParameterPriors.FirstOrDefault(p => p.Parameter == parameter) is { } stated)
            throw new ModelDefinitionException($"model '{Name}': '{parameter}' already has the prior {stated.Prior}");
        return (this with { ParameterPriors = ParameterPriors.Add(new StatedPrior(parameter, prior)) }).Checked();
    }

    /// <summary>Checks the description is complete and consistent and returns its graph.</summary>
    public ModelGraph Validate()
    {
        if (Latents.Count == 0) throw new ModelDefinitionException($"model '{Name}' has no latent variable: add .Latent(name, prior)");
        if (DecoderSpec is null) throw new ModelDefinitionException($"model '{Name}' has no decoder: add .Decoder(...) to say how '{Latents[^1].Name}' generates the data");
        if (Observed is null) throw new ModelDefinitionException($"model '{Name}' has no observed variable: add .Observe(name, dimension)");
        return GraphBuilder.Build(Name, Latents, DecoderSpec, Observed, ParameterPriors, GuideSpec);
    }

    /// <summary>The structure backends compile: latents in topological order with their kinds, decoders with their wiring, parameters and priors.</summary>
    public ModelGraph Graph => Validate();

    /// <summary>The classic family this model amounts to; a composition that is none of the six has no family name.</summary>
    public ModelFamily Family => Graph.ClassicFamily ?? throw new ModelDefinitionException(
        $"model '{Name}' is a composition of parts ({Graph}) that is none of the classic families; its parts are in model.Graph");

    /// <summary>Compiles the model for a backend, which refuses it with a reason if it cannot run it.</summary>
    public CompiledModel Compile(IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Validate();
        return backend.Compile(this);
    }

    /// <summary>Compiles the model for a backend whose compiled model has extras of its own, returned as its own type.</summary>
    public TCompiled Compile<TCompiled>(IBackend<TCompiled> backend) where TCompiled : CompiledModel
    {
        ArgumentNullException.ThrowIfNull(backend);
        Validate();
        return backend.Compile(this);
    }

    /// <summary>Two descriptions are equal when all their parts are: the same model, defined twice, is one model.</summary>
    public bool Equals(Model? other) =>
        other is not null && Name == other.Name && Latents.SequenceEqual(other.Latents)
        && Equals(DecoderSpec, other.DecoderSpec) && Equals(Observed, other.Observed) && Equals(GuideSpec, other.GuideSpec)
        && ParameterPriors.SequenceEqual(other.ParameterPriors);

    public override int GetHashCode() => HashCode.Combine(Name, Latents.Count, DecoderSpec, Observed, GuideSpec, ParameterPriors.Count);

    public override string ToString() =>
        $"{Name}: {string.Join(", ", Latents.Select(l => $"{l.Name} ~ {l.Prior}"))}; {DecoderSpec}; observe {Observed?.Name}[{Observed?.Dimension}]"
        + (GuideSpec is null ? "" : $"; guide {GuideSpec}")
        + (ParameterPriors.IsEmpty ? "" : $"; priors {string.Join(", ", ParameterPriors)}");

    void CheckName(string name, string call)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ModelDefinitionException($"model '{Name}': {call} needs a variable name");
        if (Latents.Any(l => l.Name == name) || Observed?.Name == name)
            throw new ModelDefinitionException($"model '{Name}': the name '{name}' is already used");
    }

    /// <summary>
    /// The checks a partial description allows: the latents' own wiring, and a single latent against the decoder in the
    /// classic families' terms; once complete, the whole graph, whose building makes both of those checks first.
    /// </summary>
    Model Checked()
    {
        if (DecoderSpec is not null && Observed is not null && Latents.Count > 0)
        {
            Validate();
            return this;
        }
        GraphBuilder.CheckLatents(Name, Latents);
        if (DecoderSpec is not null) ClassicFamilies.OfSingle(Name, Latents, DecoderSpec);
        return this;
    }
}
