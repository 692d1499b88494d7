using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained model's bounds on one data set: <c>model.Evaluate(test).ImportanceLogLikelihood(5000).Mean</c>. Each call
/// is seeded, so it gives the same numbers every time. A cancelled call throws <see cref="OperationCanceledException"/>:
/// a bound over part of the data is no bound, so none is returned.
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

    /// <summary>The ELBO of the encoder's q(z | x), totals by term, with <paramref name="samples"/> reparameterized draws per point.</summary>
    public ElboTerms Elbo(int samples = 1, int seed = 0, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        return new VaeEvaluator(_network).Elbo(Data, new Random(seed), samples, cancellation);
    }

    /// <summary>The importance-sampled log p(x) with k = <paramref name="samples"/> draws from q(z | x) per point (IWAE-k).</summary>
    public ImportanceEstimate ImportanceLogLikelihood(int samples = 1000, int seed = 0, CancellationToken cancellation = default) =>
        new VaeEvaluator(_network).LogLikelihood(Data, samples, new Random(seed), cancellation);
}
