namespace ProbLatent.Modeling;

/// <summary>A prior the description states on one of its parameters, by the name it was given (short or owner-qualified).</summary>
public sealed record StatedPrior(string Parameter, ParameterPrior Prior)
{
    public override string ToString() => $"{Parameter} ~ {Prior}";
}
