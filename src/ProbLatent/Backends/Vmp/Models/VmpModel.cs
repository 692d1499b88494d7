using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// A factor graph on one data set, assembled from the model's parts and started from a seeded random start, and how to read its results:
/// the posterior over the parameters, and the posterior over each point's latent variable.
/// </summary>
internal abstract class VmpModel(FactorGraph graph)
{
    public FactorGraph Graph { get; } = graph;

    public abstract IParameterPosterior ParameterPosterior();

    public abstract IPosterior LatentPosterior();

    /// <summary>Refuses a fit whose mixture components collapsed onto too few points (<see cref="MixtureSpread"/>); nothing to check for other families.</summary>
    public virtual void CheckSpread(Data.DataMatrix data) { }
}
