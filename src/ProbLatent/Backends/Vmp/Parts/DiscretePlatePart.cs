using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// The plate of a categorical latent that no Gaussian latent shares: q(cₙ) = Discrete(rₙ); or of a Markov chain latent
/// over the steps of sequences, whose q(z) the chain's factor (<see cref="MarkovChainPart"/>) makes a chain per sequence by
/// forward–backward, never a product over the steps. It starts at the latent's start responsibilities
/// (<see cref="VmpAssembly.Responsibilities"/>), from which the parameters then start.
/// </summary>
internal sealed class DiscretePlatePart(LatentNode latent) : VmpPart
{
    DiscretePlateNode? _plate;

    public LatentNode Latent => latent;

    bool IsChain => latent.Kind == LatentKind.Chain;

    public override string Description => IsChain
        ? $"latent '{latent.Name}': chain plate q({latent.Name}₁, …, {latent.Name}_T) per sequence, by forward–backward"
        : $"latent '{latent.Name}': Discrete plate q({latent.Name}ₙ)";

    /// <summary>A chain's forward–backward reads every step of a sequence at once, so its plate holds its rows in memory.</summary>
    public override bool Streams => !IsChain;

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly) =>
        _plate = assembly.AddPlate(new DiscretePlateNode(latent.Name, assembly.Rows, latent.States!.Value), latent);

    public override bool StartsItsPlate => true;

    public override IEnumerable<Node> Start(VmpAssembly assembly)
    {
        _plate!.Initialize(assembly.PlateStart(latent));
        return [_plate];
    }

    /// <summary>
    /// q(cₙ) of every row, or over a source read in blocks only its expected counts (<see cref="StreamedPosterior"/>); a
    /// chain's every step's marginal, its expected initial states and transitions and its entropy (<see cref="ChainPosterior"/>).
    /// </summary>
    public override IPosterior LatentPosterior(VmpAssembly assembly)
    {
        if (IsChain)
        {
            var chain = assembly.Chain(latent).Factor;
            return new ChainPosterior((double[])_plate!.Probabilities.Clone(), chain.Lengths, _plate.States,
                (double[])chain.InitialCounts.Clone(), (double[])chain.TransitionCounts.Clone(), _plate.Entropy(), chain.Potentials);
        }
        return _plate!.Holds ? Posterior(_plate) : new StreamedPosterior(_plate.StateCounts, _plate.Count, assembly.Rows.Name);
    }

    public static DiscretePosterior Posterior(DiscretePlateNode plate) => new((double[])plate.Probabilities.Clone(), plate.Count, plate.States);
}
