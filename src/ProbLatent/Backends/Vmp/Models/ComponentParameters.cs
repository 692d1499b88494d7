using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The part of a mixture that a categorical latent selects: one set of a per-component likelihood's parameters per
/// component — their nodes, their priors, and the gate factor through which the observation reads them — and how to read
/// their posterior. <see cref="Parts.PerComponentPart"/> joins it to the categorical latent's plate and weights. An instance
/// holds the nodes of one factor graph.
/// </summary>
internal abstract class ComponentParameters
{
    /// <summary>Adds the parameter nodes, in the order the schedule updates them (after the weights, before the plate).</summary>
    public abstract void AddNodes(FactorGraph graph, int components, int dimension);

    /// <summary>Connects the parameters' priors: <paramref name="resolved"/> against the data, or <paramref name="given"/> where they are not data-scaled.</summary>
    public abstract void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, VmpPriors given);

    /// <summary>
    /// Connects the observation's factor, which reads the parameters of the component zₙ selects and the rows of z's passes;
    /// <paramref name="data"/> is the data in memory (a source's start rows), whose missing cells a Gaussian gate takes;
    /// <paramref name="missing"/> says whether any row the passes read misses a cell (a source's, not only its start's).
    /// </summary>
    public abstract void ConnectGate(FactorGraph graph, DataMatrix data, bool missing, DiscretePlateNode z, int components);

    public abstract IParameterPosterior Posterior(Dirichlet weights);

    /// <summary>Refuses a kept component with no spread of its own (<see cref="MixtureSpread"/>) where the likelihood has one to lose.</summary>
    public virtual void CheckSpread(DataMatrix data, DiscretePosterior q) { }

    /// <summary>
    /// The same over a data source read in blocks, whose q(zₙ) is not kept: from the gate's statistics of the last pass, with
    /// each column's maximum-likelihood variance over the source.
    /// </summary>
    public virtual void CheckSpread(IReadOnlyList<string> columnNames, long rows, double[] columnVariances) { }
}
