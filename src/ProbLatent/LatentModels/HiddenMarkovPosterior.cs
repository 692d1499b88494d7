using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// The posterior over a Bayesian hidden Markov model's parameters, as VMP infers it: q(π) and q(Aᵢ) for each row of the
/// transitions Dirichlet, and the emissions' posterior (a Gaussian or Bernoulli mixture's, whose weights the chain does not use).
/// </summary>
public sealed record HiddenMarkovPosterior(Dirichlet Initial, IReadOnlyList<Dirichlet> Transitions, IParameterPosterior Emissions) : IParameterPosterior
{
    /// <summary>The hidden Markov model at E[π], E[A] and the emissions' posterior means.</summary>
    public ILatentModel Mean() =>
        new HiddenMarkovModel(Initial.Mean, Transitions.SelectMany(row => row.Mean).ToArray(), (DiscreteLatentModel)Emissions.Mean());
}
