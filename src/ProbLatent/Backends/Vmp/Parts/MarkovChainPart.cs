using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A Markov chain latent's prior, the Bayesian HMM's (MacKay 1997, Beal 2003): π ~ Dirichlet(α₀), each row Aᵢ ~ Dirichlet(α₀),
/// and z ~ MarkovChain(π, A) along each sequence of the chain's plate (<see cref="DiscretePlatePart"/>). The concentrations are
/// those the model states on "initial" and "transitions", else the options' weight concentrations. q(π) and q(Aᵢ) start at
/// their priors.
/// </summary>
internal sealed class MarkovChainPart(LatentNode latent) : VmpPart
{
    DirichletNode? _initial;
    DirichletNode[]? _rows;
    MarkovChainFactor? _factor;

    public override string Description =>
        $"latent '{latent.Name}': initial ~ Dirichlet, each row of transitions ~ Dirichlet, {latent.Name} ~ MarkovChain(initial, transitions)";

    public override PartKind Kind => PartKind.LatentPrior;

    public MarkovChainFactor Factor => _factor ?? throw new InvalidOperationException($"the chain of '{latent.Name}' is not connected");

    public override void AddNodes(VmpAssembly assembly)
    {
        int k = latent.States!.Value;
        _initial = assembly.Graph.Add(new DirichletNode("initial", k));
        _rows = Enumerable.Range(0, k).Select(i => assembly.Graph.Add(new DirichletNode($"transitions[{i}]", k))).ToArray();
        assembly.AddWeights(latent, _initial);
        assembly.AddChain(latent, this);
    }

    public override void Connect(VmpAssembly assembly)
    {
        int k = latent.States!.Value;
        var (initial, transitions) = StatedChainPriors.Of(assembly.Compilation.Graph, (_, alpha) => alpha);
        var graph = assembly.Graph;
        graph.Connect(new DirichletPriorFactor("initial prior", _initial!, initial ?? assembly.Priors.Concentrations(k)), _initial!);
        foreach (var row in _rows!)
            graph.Connect(new DirichletPriorFactor($"{row.Name} prior", row, transitions ?? assembly.Priors.Concentrations(k)), row);
        _factor = graph.Connect(new MarkovChainFactor($"{latent.Name} ~ MarkovChain(initial, transitions)", _initial!, _rows, assembly.Sequences),
            [assembly.Plate(latent), _initial!, .. _rows]);
    }

    /// <summary>q(π), each q(Aᵢ) and the emissions' posterior.</summary>
    public HiddenMarkovPosterior Posterior(IParameterPosterior emissions) =>
        new(_initial!.Posterior(), _rows!.Select(r => r.Posterior()).ToArray(), emissions);
}
