using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The two steps of EM for one model family. E: the exact posterior q(z) = p(z | x, θ) and log p(x | θ).
/// M: the θ that maximises E_q[log p(x, z | θ)] + log p(θ), where p(θ) is the regulariser's fixed prior.
/// Together they never decrease log p(x | θ) + log p(θ); <see cref="EmCompiledModel"/> runs the loop.
/// </summary>
internal abstract class EmAlgorithm
{
    /// <summary>A starting θ drawn with <paramref name="random"/>.</summary>
    public abstract ILatentModel Initialize(DataMatrix data, Random random);

    public abstract (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data);

    public abstract ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior);

    /// <summary>log p(θ) of the regulariser, up to a constant (0 when there is none).</summary>
    public abstract double LogPrior(ILatentModel model);
}
