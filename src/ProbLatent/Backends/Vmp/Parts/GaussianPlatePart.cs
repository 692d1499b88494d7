using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>A root standard normal latent that no categorical latent structures: q(zₙ) = N(mₙ, S) under zₙ ~ N(0, I).</summary>
internal sealed class GaussianPlatePart(LatentNode latent) : VmpPart
{
    VectorGaussianPlateNode? _plate;

    public override string Description => $"latent '{latent.Name}': Gaussian plate q({latent.Name}ₙ) under {latent.Name} ~ N(0, I)";

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly) =>
        _plate = assembly.AddPlate(new VectorGaussianPlateNode(latent.Name, assembly.Data.Rows, latent.Dimension), latent);

    public override void Connect(VmpAssembly assembly) =>
        assembly.Graph.Connect(new StandardNormalPlatePriorFactor($"{latent.Name} ~ N(0, I)", _plate!), _plate!);

    public override IPosterior LatentPosterior(VmpAssembly assembly) =>
        new GaussianPosterior((double[])_plate!.Means.Clone(), (double[])_plate.Covariance.Clone(), _plate.Count, _plate.Dimension);
}
