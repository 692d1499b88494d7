using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// A trained model's bounds on one data set: <c>model.Evaluate(test).ImportanceLogLikelihood(5000).Mean</c>. Each call
/// is seeded, so it gives the same numbers every time.
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
    public ElboTerms Elbo(int samples = 1, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        return new VaeEvaluator(_network).Elbo(Data, new Random(seed), samples);
    }

    /// <summary>The importance-sampled log p(x) with k = <paramref name="samples"/> draws from q(z | x) per point (IWAE-k).</summary>
    public ImportanceEstimate ImportanceLogLikelihood(int samples = 1000, int seed = 0) =>
        new VaeEvaluator(_network).LogLikelihood(Data, samples, new Random(seed));
}
