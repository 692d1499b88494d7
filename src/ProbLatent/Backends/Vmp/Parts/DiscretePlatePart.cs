using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// The plate of a categorical latent that no Gaussian latent shares: q(cₙ) = Discrete(rₙ). It starts at the latent's start
/// responsibilities (<see cref="VmpAssembly.Responsibilities"/>), from which the parameters then start.
/// </summary>
internal sealed class DiscretePlatePart(LatentNode latent) : VmpPart
{
    DiscretePlateNode? _plate;

    public LatentNode Latent => latent;

    public override string Description => $"latent '{latent.Name}': Discrete plate q({latent.Name}ₙ)";

    public override bool Streams => true;

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly) =>
        _plate = assembly.AddPlate(new DiscretePlateNode(latent.Name, assembly.Rows, latent.States!.Value), latent);

    public override bool StartsItsPlate => true;

    public override IEnumerable<Node> Start(VmpAssembly assembly)
    {
        _plate!.Initialize(assembly.PlateStart(latent));
        return [_plate];
    }

    /// <summary>q(cₙ) of every row, or over a source read in blocks only its expected counts (<see cref="StreamedPosterior"/>).</summary>
    public override IPosterior LatentPosterior(VmpAssembly assembly) =>
        _plate!.Holds ? Posterior(_plate) : new StreamedPosterior(_plate.StateCounts, _plate.Count, assembly.Rows.Name);

    public static DiscretePosterior Posterior(DiscretePlateNode plate) => new((double[])plate.Probabilities.Clone(), plate.Count, plate.States);
}
