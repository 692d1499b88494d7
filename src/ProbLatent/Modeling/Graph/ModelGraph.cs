namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The structure of a complete, valid model description, as backends read it: the latents in topological order (each
/// parent before its children) with their kinds and conditionals, the observed variable with its decoder's resolved
/// selector and input, the named parameters with the priors the model states, and the plates. A backend accepts or
/// refuses a model by these local parts; <see cref="ClassicFamily"/> is only a name for the classic shapes and the named compositions.
/// </summary>
public sealed class ModelGraph
{
    internal ModelGraph(string name, IReadOnlyList<LatentNode> latents, ObservationNode observation, IReadOnlyList<ModelParameter> parameters,
        IReadOnlyDictionary<ModelParameter, ParameterPrior> priors, ModelFamily? classicFamily)
    {
        Name = name;
        Latents = latents;
        Observation = observation;
        Parameters = parameters;
        Priors = priors;
        ClassicFamily = classicFamily;
    }

    public string Name { get; }

    /// <summary>The latents in the order declared, which is a topological order: a latent's parents come before it.</summary>
    public IReadOnlyList<LatentNode> Latents { get; }

    public ObservationNode Observation { get; }

    /// <summary>The plates the nodes live in, outermost first.</summary>
    public IReadOnlyList<Plate> Plates => Latents.Select(l => l.Plate).Append(Observation.Plate).Distinct().ToArray();

    /// <summary>Every named parameter of the model's parts.</summary>
    public IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>The priors the model states, by the parameter they are on; a parameter without one has none in the model.</summary>
    public IReadOnlyDictionary<ModelParameter, ParameterPrior> Priors { get; }

    /// <summary>
    /// The name of the model's shape when it is a classic one (one latent and a decoder that reads it, a mixture of
    /// factor analysers or of PPCA, or of common factor analysers), for files, tables and messages; null for any other composition.
    /// </summary>
    public ModelFamily? ClassicFamily { get; }

    /// <summary>The decoders of the graph: each conditioned latent's, in order, then the observed variable's.</summary>
    public IEnumerable<DecoderNode> Decoders => Latents.Select(l => l.Conditional).OfType<DecoderNode>().Append(Observation.Decoder);

    public LatentNode Latent(string name) =>
        Latents.FirstOrDefault(l => l.Name == name) ?? throw new ModelDefinitionException($"model '{Name}' has no latent '{name}'");

    /// <summary>The latents whose conditional reads <paramref name="latent"/>.</summary>
    public IEnumerable<LatentNode> Children(LatentNode latent) => Latents.Where(l => l.Conditional?.Parents.Contains(latent) == true);

    /// <summary>The number of joint states of the discrete latents (categorical states times 2ⁿ for n bits), which enumeration visits.</summary>
    public double DiscreteStates => Latents.Aggregate(1.0, (product, l) => l.Kind switch
    {
        LatentKind.Categorical => product * l.States!.Value,
        LatentKind.Boolean => product * Math.Pow(2, l.Dimension),
        _ => product,
    });

    public override string ToString() =>
        $"{Name}: {string.Join("; ", Latents.Select(l => l.IsRoot ? $"{l.Name} ~ {l.Prior}" : $"{l.Name} | {string.Join(", ", l.Conditional!.Parents.Select(p => p.Name))} ~ {l.Conditional}"))}; " +
        $"{Observation.Name} | {string.Join(", ", Observation.Decoder.Parents.Select(p => p.Name))} ~ {Observation.Decoder}";
}
