using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The two steps of EM for one model family. E: the exact posterior q(z) = p(z | x, θ) and log p(x | θ).
/// M: the θ that maximises E_q[log p(x, z | θ)] + log p(θ), where p(θ) is the regulariser's fixed prior.
/// Together they never decrease log p(x | θ) + log p(θ); <see cref="EmRun"/> takes the steps.
/// </summary>
internal abstract class EmAlgorithm
{
    /// <summary>
    /// The algorithm for one data set. A family whose steps need something of the data that does not change (the sample
    /// covariance) returns a copy that holds it, so that fits of one compiled model on different data share nothing
    /// they change.
    /// </summary>
    public virtual EmAlgorithm For(DataMatrix data) => this;

    /// <summary>A starting θ drawn with <paramref name="random"/>.</summary>
    public abstract ILatentModel Initialize(DataMatrix data, Random random);

    public abstract (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data);

    /// <summary>
    /// <see cref="Expect(ILatentModel, DataMatrix)"/> free to reuse the storage of <paramref name="spent"/> (when not null), a posterior
    /// this algorithm made that nothing reads any more: a family whose q is an N×K table writes the new one there, where
    /// allocating it afresh each iteration costs the memory's zeroing by the system as much as the step's arithmetic.
    /// </summary>
    public virtual (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data, IPosterior? spent) => Expect(model, data);

    public abstract ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior);

    /// <summary>Whether the steps marginalise missing cells (data with some is refused otherwise, naming the backend and model).</summary>
    public virtual bool MarginalisesMissing => false;

    /// <summary>log p(θ) of the regulariser, up to a constant (0 when there is none).</summary>
    public abstract double LogPrior(ILatentModel model);
}
