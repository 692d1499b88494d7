using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained model's bounds on one data set: <c>model.Evaluate(test).Run(VaeQuantities.Elbo | VaeQuantities.LogLikelihood)</c>
/// computes both in one pass over the data, and <see cref="Elbo"/> and <see cref="ImportanceLogLikelihood"/> each alone —
/// the same numbers, since each quantity draws from its own stream of the seed. Each call is seeded, so it gives the
/// same numbers every time. A cancelled call throws <see cref="OperationCanceledException"/>: a bound over part of the
/// data is no bound, so none is returned.
/// </summary>
public sealed class VaeEvaluation
{
    readonly VaeNetwork _network;

    internal VaeEvaluation(VaeNetwork network, FloatMatrix data)
    {
        _network = network;
        Data = data;
    }

    public FloatMatrix Data { get; }

    /// <summary>
    /// One pass over the data, running the encoder once per chunk of rows, that gives each of <paramref name="quantities"/>:
    /// the encoder's q(z | x) for every row, the ELBO by its terms with <see cref="VaeEvaluationOptions.ElboSamples"/>
    /// draws per point, and the importance-sampled log p(x) with <see cref="VaeEvaluationOptions.LogLikelihoodSamples"/>
    /// and its standard error; <paramref name="options"/> defaults to <see cref="VaeEvaluationOptions.Default"/>.
    /// </summary>
    public VaeEvaluationResult Run(VaeQuantities quantities, VaeEvaluationOptions? options = null, CancellationToken cancellation = default) =>
        new VaeEvaluator(_network).Evaluate(Data, quantities, options ?? VaeEvaluationOptions.Default, cancellation);

    /// <summary>The ELBO of the encoder's q(z | x), totals by term, with <paramref name="samples"/> reparameterized draws per point.</summary>
    public ElboTerms Elbo(int samples = VaeEvaluationOptions.DefaultElboSamples, int seed = 0, CancellationToken cancellation = default) =>
        Run(VaeQuantities.Elbo, new VaeEvaluationOptions(ElboSamples: samples, Seed: seed), cancellation).RequireElbo();

    /// <summary>The importance-sampled log p(x) with k = <paramref name="samples"/> draws from q(z | x) per point (IWAE-k).</summary>
    public ImportanceEstimate ImportanceLogLikelihood(int samples = VaeEvaluationOptions.DefaultLogLikelihoodSamples, int seed = 0,
        CancellationToken cancellation = default) =>
        Run(VaeQuantities.LogLikelihood, new VaeEvaluationOptions(LogLikelihoodSamples: samples, Seed: seed), cancellation).RequireLogLikelihood();
}
