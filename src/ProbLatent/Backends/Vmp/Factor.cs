namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A factor of the joint density. Its messages to the variables it connects are named by the argument they update
/// (as Infer.NET's operators are), so one factor can connect two variables of the same kind and send each its own:
/// <see cref="SendTo"/> picks the message by the argument. A plate of latents takes its messages through the plate's own
/// protocol instead (a pass over row blocks). <see cref="AverageLog"/> is E_q[log f], its term of the ELBO.
/// </summary>
internal abstract class Factor(string name)
{
    public string Name { get; } = name;

    /// <summary>A prior: a factor on a single variable with fixed parameters.</summary>
    public virtual bool IsPrior => false;

    /// <summary>An observation factor p(x | …): its average log is the ELBO's expected log-likelihood term.</summary>
    public virtual bool IsLikelihood => false;

    /// <summary>Adds this factor's message to <paramref name="argument"/> into that variable's accumulators.</summary>
    public virtual void SendTo(Node argument) => throw NotAnArgument(argument);

    protected InvalidOperationException NotAnArgument(Node argument) => new($"factor '{Name}' sends no message to '{argument.Name}'");

    /// <summary>E_q[log f] under the current posteriors.</summary>
    public abstract double AverageLog();
}
