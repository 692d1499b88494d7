using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A per-component likelihood of the data selected by a categorical latent on a Discrete plate (<see cref="ComponentParameters"/>):
/// per component a Gaussian's mean and Wishart (full) or Gamma (diagonal) precisions, Beta Bernoulli probabilities or
/// Dirichlet symbol probabilities,
/// read through one gate factor. With the categorical latent's part it is a Bayesian mixture; selected by a Markov chain
/// latent, the Bayesian hidden Markov model's emissions.
/// </summary>
internal sealed class PerComponentPart(string owner, DecoderNode decoder) : VmpPart
{
    ComponentParameters? _parameters;

    LatentNode Selector => decoder.Selector!;

    public override string Description => $"decoder of '{owner}': {decoder}, per state of '{Selector.Name}' its parameters, through a gate factor";

    /// <summary>A categorical's start needs its rows one-hot (<see cref="VmpAssembly.Responsibilities"/>), which only data in memory gives.</summary>
    public override bool Streams => decoder.Likelihood is not CategoricalLikelihood;

    public override PartKind Kind => PartKind.Decoder;

    /// <summary>A part of its own for each likelihood's parameters, made anew for each factor graph (it holds its nodes).</summary>
    public override void AddNodes(VmpAssembly assembly)
    {
        _parameters = decoder.Likelihood switch
        {
            GaussianLikelihood { Covariance: Covariance.Full } => new FullGaussianComponents(),
            GaussianLikelihood => new DiagonalGaussianComponents(),
            CategoricalLikelihood c => new CategoricalComponents(c.Symbols),
            _ => new BernoulliComponents(),
        };
        _parameters.AddNodes(assembly.Graph, Selector.States!.Value, assembly.Data.Columns);
    }

    public override void Connect(VmpAssembly assembly)
    {
        _parameters!.ConnectPriors(assembly.Graph, assembly.Resolved, assembly.Priors);
        _parameters.ConnectGate(assembly.Graph, assembly.Data, assembly.HasMissing, assembly.Plate<DiscretePlateNode>(Selector), Selector.States!.Value);
    }

    /// <summary>The mixture's posterior, or under a Markov chain the hidden Markov model's with these as its emissions.</summary>
    public override IParameterPosterior ParameterPosterior(VmpAssembly assembly)
    {
        var components = _parameters!.Posterior(assembly.Weights(Selector).Posterior());
        return Selector.Kind == LatentKind.Chain ? assembly.Chain(Selector).Posterior(components) : components;
    }

    public override void CheckSpread(VmpAssembly assembly, DataMatrix data)
    {
        var plate = assembly.Plate<DiscretePlateNode>(Selector);
        if (plate.Holds) _parameters!.CheckSpread(data, DiscretePlatePart.Posterior(plate));
        else _parameters!.CheckSpread(assembly.Data.ColumnNames, assembly.Rows.Count, assembly.ColumnScales);
    }
}
