using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// What the parts of one model build into on one data set and restart: one <see cref="FactorGraph"/>, and the variable
/// nodes the parts share — each latent's plate, created once by its latent's part and read by the factors of every part
/// that uses the latent; a categorical latent's weights; the linear decoder reading a latent — with the priors resolved
/// against the data and the restart's random numbers.
/// </summary>
internal sealed class VmpAssembly(VmpCompilation compilation, DataMatrix data, Random random, double[]? responsibilities)
{
    readonly Dictionary<LatentNode, Node> _plates = [];
    readonly Dictionary<LatentNode, DirichletNode> _weights = [];
    readonly Dictionary<LatentNode, LinearParameters> _readers = [];
    readonly Dictionary<LatentNode, LatentGatePart> _conditionals = [];
    double[]? _responsibilities = responsibilities;

    public FactorGraph Graph { get; } = new();
    public DataMatrix Data { get; } = data;
    public Random Random { get; } = random;
    public VmpCompilation Compilation { get; } = compilation;
    public VmpPriors Priors => Compilation.Priors;

    /// <summary>The priors resolved against the data, shared by the parts so the data's moments are computed once.</summary>
    public ResolvedPriors Resolved { get; } = new(compilation.Priors, data);

    /// <summary>Adds the plate of <paramref name="latents"/> (one, or a categorical and the Gaussian it structures).</summary>
    public TPlate AddPlate<TPlate>(TPlate plate, params LatentNode[] latents) where TPlate : Node
    {
        foreach (var latent in latents)
            if (!_plates.TryAdd(latent, plate))
                throw new InvalidOperationException($"latent '{latent.Name}' already has the plate '{_plates[latent].Name}'");
        return Graph.AddPlate(plate);
    }

    /// <summary>The plate of <paramref name="latent"/>, of the node type its part made.</summary>
    public TPlate Plate<TPlate>(LatentNode latent) where TPlate : Node =>
        _plates.TryGetValue(latent, out var plate) && plate is TPlate typed
            ? typed
            : throw new InvalidOperationException($"latent '{latent.Name}' has no {typeof(TPlate).Name} plate");

    public Node Plate(LatentNode latent) => Plate<Node>(latent);

    public void AddWeights(LatentNode latent, DirichletNode weights) => _weights.Add(latent, weights);

    public DirichletNode Weights(LatentNode latent) => _weights[latent];

    /// <summary>Records the parameters of the linear decoder that reads <paramref name="latent"/>, for a part that starts from them.</summary>
    public void AddReader(LatentNode latent, LinearParameters parameters) => _readers.Add(latent, parameters);

    public LinearParameters Reader(LatentNode latent) => _readers[latent];

    /// <summary>Records the part of <paramref name="latent"/>'s conditional, whose posterior is part of the model's.</summary>
    public void AddConditional(LatentNode latent, LatentGatePart part) => _conditionals.Add(latent, part);

    public LatentGatePart Conditional(LatentNode latent) => _conditionals[latent];

    /// <summary>
    /// q(c) of a categorical latent's start — k-means++ (in units of each column's spread for Gaussian data, as EM starts),
    /// random point masses, or a given fit's posterior (<see cref="MixtureStart.Responsibilities"/>) — drawn once, when a part first asks.
    /// </summary>
    public double[] Responsibilities(LatentNode categorical) => _responsibilities ??= MixtureStart.Responsibilities(
        Data, categorical.States!.Value, Compilation.Options, Random, inColumnUnits: Compilation.Graph.Observation.Decoder.Likelihood is Modeling.GaussianLikelihood);
}
