namespace ProbLatent.Modeling;

/// <summary>
/// An amortized guide q(z | x): a network from a data point to the parameters of a diagonal Gaussian over the
/// latent variable (a mean head and a log-variance head).
/// </summary>
public sealed record Encoder
{
    Encoder(IReadOnlyList<int> hidden, Activation activation)
    {
        Hidden = hidden;
        Activation = activation;
    }

    /// <summary>x → hidden layers of the given widths → mean and log-variance heads. No hidden layer gives a linear encoder.</summary>
    public static Encoder Mlp(params int[] hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1))
            throw new ModelDefinitionException($"Encoder.Mlp: every hidden layer needs at least one unit, got [{string.Join(", ", hidden)}]");
        return new(hidden.ToArray(), Activation.Tanh);
    }

    /// <summary>An encoder without hidden layers: the mean and log-variance are linear in x (enough for a linear decoder).</summary>
    public static Encoder Linear() => new(Array.Empty<int>(), Activation.Identity);

    public IReadOnlyList<int> Hidden { get; }
    public Activation Activation { get; }

    public Encoder WithActivation(Activation activation) => new(Hidden, activation);

    public bool Equals(Encoder? other) => other is not null && Activation == other.Activation && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Activation, Hidden.Count);

    public override string ToString() => $"Encoder.Mlp([{string.Join(", ", Hidden)}], {Activation})";
}
