namespace ProbLatent.Modeling;

/// <summary>A latent's dependence on an earlier latent: the parent it names and the decoder from it to the latent's parameters.</summary>
public sealed record PriorCondition(string Parent, Decoder Decoder)
{
    public override string ToString() => $"{Parent} through {Decoder}";
}
