using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over a Bayesian mixture of Bernoullis' parameters, factorised as VMP infers it: q(π) = Dirichlet,
/// and q(pₖⱼ) = Beta for component k and dimension (pixel) j.
/// </summary>
/// <param name="Probabilities">Probabilities[k][j] = q(pₖⱼ).</param>
public sealed record BernoulliMixturePosterior(Dirichlet Weights, IReadOnlyList<IReadOnlyList<Beta>> Probabilities) : IParameterPosterior
{
    /// <summary>The mixture at E[π] and E[pₖⱼ] = a/(a + b), which lies strictly inside (0, 1).</summary>
    public ILatentModel Mean()
    {
        int d = Probabilities[0].Count;
        return new BernoulliMixture(Weights.Mean, Probabilities.SelectMany(p => p.Select(b => b.Mean)).ToArray(), d);
    }
}
