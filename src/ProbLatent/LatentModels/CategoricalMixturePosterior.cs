using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over a Bayesian mixture of categoricals' parameters, factorised as VMP infers it: q(π) = Dirichlet, and
/// q(φₖⱼ) = Dirichlet over the symbols of column j in component k.
/// </summary>
/// <param name="Probabilities">Probabilities[k][j] = q(φₖⱼ).</param>
public sealed record CategoricalMixturePosterior(Dirichlet Weights, IReadOnlyList<IReadOnlyList<Dirichlet>> Probabilities) : IParameterPosterior
{
    /// <summary>The mixture at E[π] and E[φₖⱼ] = αₖⱼ / Σα, every symbol's probability above 0.</summary>
    public ILatentModel Mean()
    {
        int d = Probabilities[0].Count, s = Probabilities[0][0].Dimension;
        return new CategoricalMixture(Weights.Mean, Probabilities.SelectMany(row => row.SelectMany(q => q.Mean)).ToArray(), d, s);
    }
}
