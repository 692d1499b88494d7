namespace ProbLatent.Modeling.Graph;

/// <summary>
/// The local structure of a mixture of fixed components: the model's one latent, discrete — categorical, or a Markov
/// chain over the time steps of each sequence — selecting the parameters of the observed variable's per-component
/// Gaussian (full or diagonal covariance), Bernoulli or categorical, which reads no other latent. With a categorical selector
/// it is a Gaussian, Bernoulli or categorical mixture; with a chain, the hidden Markov model whose emissions those components are.
/// Backends that compile the shape read its parts from here.
/// </summary>
public sealed record ComponentMixtureShape(LatentNode Selector, Likelihood Component)
{
    public int Components => Selector.States!.Value;

    /// <summary>Whether the selector is a Markov chain over time steps rather than independent per point.</summary>
    public bool IsChain => Selector.Kind == LatentKind.Chain;

    /// <summary>The shape of <paramref name="graph"/>, or null when it is not this one.</summary>
    public static ComponentMixtureShape? Of(ModelGraph graph) => (graph.Latents, graph.Observation.Decoder) switch
    {
        ([{ IsRoot: true, IsDiscreteSelector: true } selector],
         { Input: null, Likelihood: GaussianLikelihood { Covariance: Covariance.Full or Covariance.Diagonal } or BernoulliLikelihood or CategoricalLikelihood } decoder)
            when decoder.Selector == selector => new(selector, decoder.Likelihood),
        _ => null,
    };
}
