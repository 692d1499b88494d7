using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A root standard normal latent that no categorical latent structures: q(zₙ) = N(mₙ, S) under zₙ ~ N(0, I), on a plate over
/// the data's moments (a linear decoder reads it), so it runs wherever the rows are; the result's q(z) is every row's, or over
/// rows read in passes their count (<see cref="StreamedPosterior"/>).
/// </summary>
internal sealed class GaussianPlatePart(LatentNode latent) : VmpPart
{
    VectorGaussianPlateNode? _plate;

    public override string Description => $"latent '{latent.Name}': Gaussian plate q({latent.Name}ₙ) under {latent.Name} ~ N(0, I)";

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly) =>
        _plate = assembly.AddPlate(new VectorGaussianPlateNode(latent.Name, assembly.Moments, latent.Dimension), latent);

    public override bool Streams => true;

    public override void Connect(VmpAssembly assembly) =>
        assembly.Graph.Connect(new StandardNormalPlatePriorFactor($"{latent.Name} ~ N(0, I)", _plate!), _plate!);

    public override IPosterior LatentPosterior(VmpAssembly assembly) => assembly.Rows.Held is { } held
        ? new GaussianPosterior(_plate!.MeansOf(held), (double[])_plate.Covariance.Clone(), _plate.Count, _plate.Dimension)
        : new StreamedPosterior([_plate!.Count], _plate.Count, assembly.Rows.Name);
}
