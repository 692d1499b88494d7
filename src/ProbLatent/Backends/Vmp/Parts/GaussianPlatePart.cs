using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A root standard normal latent that no categorical latent structures: q(zₙ) = N(mₙ, S) under zₙ ~ N(0, I), on a plate over
/// the data's moments (a linear decoder reads it), so it runs wherever the rows are; the result's q(z) is every row's, or over
/// rows read in passes their count (<see cref="StreamedPosterior"/>). On data with missing cells (held in memory) S depends
/// on the cells a row observes: the plate is then a factor-mixture plate of one component, which keeps one covariance per
/// pattern of missing cells (<see cref="FactorMixturePlateNode"/>).
/// </summary>
internal sealed class GaussianPlatePart(LatentNode latent) : VmpPart
{
    VectorGaussianPlateNode? _plate;
    FactorMixturePlateNode? _patterned;

    public override string Description => $"latent '{latent.Name}': Gaussian plate q({latent.Name}ₙ) under {latent.Name} ~ N(0, I)";

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly)
    {
        if (assembly.HasMissing)
            _patterned = assembly.AddPlate(new FactorMixturePlateNode(latent.Name, assembly.Data.Rows, 1, latent.Dimension, assembly.Data.Missing), latent);
        else
            _plate = assembly.AddPlate(new VectorGaussianPlateNode(latent.Name, assembly.Moments, latent.Dimension), latent);
    }

    /// <remarks>Missing cells are held in memory only: over a source or shards the fit refuses them before the parts are built.</remarks>
    public override bool Streams => true;

    public override void Connect(VmpAssembly assembly)
    {
        if (_patterned is { } patterned)
            assembly.Graph.Connect(new StandardNormalGivenComponentFactor($"{latent.Name} ~ N(0, I)", patterned), patterned);
        else
            assembly.Graph.Connect(new StandardNormalPlatePriorFactor($"{latent.Name} ~ N(0, I)", _plate!), _plate!);
    }

    public override IPosterior LatentPosterior(VmpAssembly assembly) => _patterned is { } patterned
        ? StructuredPlatePart.ComponentPosterior(patterned, 0)
        : assembly.Rows.Held is { } held
            ? new GaussianPosterior(_plate!.MeansOf(held), (double[])_plate.Covariance.Clone(), _plate.Count, _plate.Dimension)
            : new StreamedPosterior([_plate!.Count], _plate.Count, assembly.Rows.Name);
}
