namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A factor of the joint density. Its messages are in the <see cref="ISendsTo{TNode}"/> interfaces it implements;
/// <see cref="AverageLog"/> is E_q[log f], its term of the ELBO.
/// </summary>
internal abstract class Factor(string name)
{
    public string Name { get; } = name;

    /// <summary>A prior: a factor on a single variable with fixed parameters.</summary>
    public virtual bool IsPrior => false;

    /// <summary>An observation factor p(x | …): its average log is the ELBO's expected log-likelihood term.</summary>
    public virtual bool IsLikelihood => false;

    /// <summary>E_q[log f] under the current posteriors.</summary>
    public abstract double AverageLog();
}
