
namespace ProbLatent.LatentModels;

/// <summary>
/// A posterior over a model's parameters (a Bayesian fit, such as VMP's): the distributions themselves, and the
/// model at their means.
/// </summary>
public interface IParameterPosterior
{
    /// <summary>The model with every parameter at its posterior mean.</summary>
    ILatentModel Mean();
}
