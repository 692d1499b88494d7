using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.Modeling.Graph;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// What the parts of one model build into on one data set and restart: one <see cref="FactorGraph"/>, and the variable
/// nodes the parts share — each latent's plate, created once by its latent's part and read by the factors of every part
/// that uses the latent; a categorical latent's weights; the linear decoder reading a latent — with the priors resolved
/// against the data and the restart's random numbers. The data is held in memory, or a data source read in blocks by the
/// plates' passes (<see cref="Rows"/>), which only a mixture's parts take.
/// </summary>
internal sealed class VmpAssembly
{
    readonly Dictionary<LatentNode, Node> _plates = [];
    readonly Dictionary<LatentNode, DirichletNode> _weights = [];
    readonly Dictionary<LatentNode, LinearParameters> _readers = [];
    readonly Dictionary<LatentNode, LatentGatePart> _conditionals = [];
    readonly Dictionary<LatentNode, MarkovChainPart> _chains = [];
    readonly SourceStart? _source;
    double[]? _responsibilities, _columnScales;
    DataMoments? _moments;

    /// <param name="sequences">The steps of each sequence the data's rows hold end to end; null for one sequence of every row.</param>
    public VmpAssembly(VmpCompilation compilation, DataMatrix data, Random random, double[]? responsibilities, IReadOnlyList<int>? sequences = null)
    {
        Compilation = compilation;
        Data = data;
        Sequences = sequences ?? [data.Rows];
        Rows = new SourcePlateRows(DataSource.InMemory(data));
        Random = random;
        _responsibilities = responsibilities;
        Resolved = new ResolvedPriors(compilation.Priors, data);
    }

    /// <summary>
    /// The assembly over rows read in passes (a data source read in blocks, or shards elsewhere): <see cref="Data"/> is the rows
    /// <paramref name="start"/> holds (every row of a small source, in order, so the start and the priors are the in-memory
    /// fit's; a sample of a large one, whose priors are stated in the moments a pass over every row took).
    /// </summary>
    public VmpAssembly(VmpCompilation compilation, IPlateRows rows, SourceStart start, Random random)
    {
        Compilation = compilation;
        Data = start.Start;
        Rows = rows;
        Sequences = [];
        Random = random;
        _source = start;
        // A binary source's start takes no moments (a Bernoulli mixture's priors are stated, not scaled to the data).
        Resolved = start.HoldsAll || start.Means is null
            ? new ResolvedPriors(compilation.Priors, start.Start)
            : new ResolvedPriors(compilation.Priors, start.Rows, start.Means!, start.Variances!, start.Covariance);
    }

    public FactorGraph Graph { get; } = new();

    /// <summary>The data in memory; over a source read in blocks, the rows its start holds (see the constructors).</summary>
    public DataMatrix Data { get; }

    /// <summary>Whether some row a plate's passes read misses a cell: of the data in memory, or of every row of a source (not only its start's).</summary>
    public bool HasMissing => _source?.HasMissing ?? Data.HasMissing;

    /// <summary>The rows a plate's passes read: <see cref="Data"/> itself in memory, else the source's or the shards'.</summary>
    public IPlateRows Rows { get; }

    /// <summary>The steps of each sequence, end to end in the rows, which a Markov chain latent runs along (none over a source).</summary>
    public IReadOnlyList<int> Sequences { get; }

    public Random Random { get; }
    public VmpCompilation Compilation { get; }
    public VmpPriors Priors => Compilation.Priors;

    /// <summary>The priors resolved against the data, shared by the parts so the data's moments are computed once.</summary>
    public ResolvedPriors Resolved { get; }

    /// <summary>Each column's maximum-likelihood variance over every row (the unit of a spread check), computed once.</summary>
    public double[] ColumnScales => _columnScales ??= _source is { HoldsAll: false, Variances: { } variances } ? variances : SampleMoments.ColumnScales(Data);

    /// <summary>Each column's mean over every row, as <see cref="ColumnScales"/> takes its variance.</summary>
    public double[] ColumnMeans => _source is { HoldsAll: false, Means: { } means } ? means : SampleMoments.ColumnMoments(Data).Means;

    /// <summary>
    /// The count, mean and covariance of every row, all a linear-Gaussian plate reads of the data, taken once: of the data in
    /// memory (or every row a source's start holds), else the sums of a source's or shards' second start pass.
    /// </summary>
    public DataMoments Moments => _moments ??= _source switch
    {
        null or { HoldsAll: true } => DataMoments.Of(Data),
        { Means: { } means, Covariance: { } covariance } => new DataMoments(_source.Rows, means, covariance),
        _ => throw new InvalidOperationException("the start of a linear-Gaussian plate over rows read in passes must take the covariance"),
    };

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

    /// <summary>Records the part of a Markov chain latent's prior, whose factor its plate and whose posterior the emissions' part read.</summary>
    public void AddChain(LatentNode latent, MarkovChainPart part) => _chains.Add(latent, part);

    public MarkovChainPart Chain(LatentNode latent) => _chains[latent];

    /// <summary>
    /// q(c) of a categorical latent's start — k-means++ (in units of each column's spread for Gaussian data, as EM starts),
    /// random point masses, or a given fit's posterior (<see cref="MixtureStart.Responsibilities"/>) — drawn once, when a part first asks.
    /// </summary>
    public double[] Responsibilities(LatentNode categorical) => _responsibilities ??= MixtureStart.Responsibilities(
        StartRows, categorical.States!.Value, Compilation.Options, Random, inColumnUnits: InColumnUnits);

    /// <summary>The rows k-means++ reads: the data, or a categorical's symbols one-hot (as EM starts it).</summary>
    DataMatrix StartRows => Compilation.Graph.Observation.Decoder.Likelihood is Modeling.CategoricalLikelihood c ? Numerics.SymbolRows.OneHot(Data, c.Symbols) : Data;

    /// <summary>
    /// q(c) of a categorical latent's start on its plate's rows, block by block: <see cref="Responsibilities"/> where every
    /// row is held, else drawn from the rows the source's start holds (<see cref="MixtureStart.ForSource"/>).
    /// </summary>
    public PlateStart PlateStart(LatentNode categorical)
    {
        if (_source is null or { HoldsAll: true })
        {
            return new GivenStart(Responsibilities(categorical), categorical.States!.Value);
        }
        return MixtureStart.ForSource(Data, categorical.States!.Value, Compilation.Options, Random, InColumnUnits ? _source.Variances : null);
    }

    bool InColumnUnits => Compilation.Graph.Observation.Decoder.Likelihood is Modeling.GaussianLikelihood;
}
