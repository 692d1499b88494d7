namespace ProbLatent.Modeling;

/// <summary>
/// An amortized guide q(z | x): a network from a data point to the parameters of a diagonal Gaussian over the
/// latent variable (a mean head and a log-variance head), or, made a <see cref="PointMass"/>, to the latent value itself.
/// </summary>
public sealed record Encoder
{
    Encoder(IReadOnlyList<int> hidden, Activation activation, bool isPointMass)
    {
        Hidden = hidden;
        Activation = activation;
        IsPointMass = isPointMass;
    }

    /// <summary>x → hidden layers of the given widths → mean and log-variance heads. No hidden layer gives a linear encoder.</summary>
    public static Encoder Mlp(params int[] hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Any(h => h < 1))
            throw new ModelDefinitionException($"Encoder.Mlp: every hidden layer needs at least one unit, got [{string.Join(", ", hidden)}]");
        return new(hidden.ToArray(), Activation.Tanh, isPointMass: false);
    }

    /// <summary>An encoder without hidden layers: the mean and log-variance are linear in x (enough for a linear decoder).</summary>
    public static Encoder Linear() => new(Array.Empty<int>(), Activation.Identity, isPointMass: false);

    public IReadOnlyList<int> Hidden { get; }
    public Activation Activation { get; }

    /// <summary>
    /// Whether q(z | x) is a point mass at ẑ = f(x), an amortized point estimate of z: the network has one head, the code
    /// itself, and nothing is sampled. A model with such a guide is the plain autoencoder, trained on the reconstruction
    /// log-likelihood Σ log p(x | f(x)) alone: it has no ELBO (a point mass has no density) and its codes are not fitted to
    /// the prior, which then only gives the latent's dimension.
    /// </summary>
    public bool IsPointMass { get; }

    public Encoder WithActivation(Activation activation) => new(Hidden, activation, IsPointMass);

    /// <summary>The same network with one head, z = f(x), instead of a Gaussian's two: see <see cref="IsPointMass"/>.</summary>
    public Encoder PointMass() => new(Hidden, Activation, isPointMass: true);

    /// <summary>
    /// Whether the guide gives a q for <paramref name="latent"/>: a Gaussian latent, or — for a Gaussian guide — a
    /// categorical that a Gaussian latent is given (a Gaussian-mixture VAE's c, whose q(c | x) is a softmax head beside
    /// the heads of each component's q(z | x, c)) or that sits beside a root Gaussian latent (a mixture of factor
    /// analysers' c, its guide of the same heads for the reparameterized engine), or a boolean latent of a sigmoid belief net, whose factor
    /// q(h_k | the layer below) is the network's sigmoid head (the score-function backend's encoder).
    /// </summary>
    internal bool Encodes(LatentVariable latent, IEnumerable<LatentVariable> latents) =>
        latent.Prior is StandardNormalPrior or GaussianMixturePrior
        || !IsPointMass && latent.Prior is BernoulliPrior
        || !IsPointMass && latent.Prior is CategoricalPrior { Condition: null }
           && latents.Any(l => l.Prior is StandardNormalPrior { Condition: var given } && (given is null || given.Parent == latent.Name));

    /// <summary>
    /// The refusal of a guide for <paramref name="latent"/>, which is not Gaussian: a Gaussian guide's q(z | x) is a density
    /// over real vectors, and a point mass's code z = f(x) is a real vector itself.
    /// </summary>
    internal ModelDefinitionException RefuseLatent(string model, LatentVariable latent) => new(
        $"model '{model}': " + (IsPointMass
            ? "a point-mass guide gives a real-valued code z = f(x), so it needs Gaussian latents"
            : "a Gaussian guide needs Gaussian latents") + $", but '{latent.Name}' is {latent.Prior}");

    public bool Equals(Encoder? other) =>
        other is not null && Activation == other.Activation && IsPointMass == other.IsPointMass && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => HashCode.Combine(Activation, Hidden.Count, IsPointMass);

    public override string ToString() => $"Encoder.Mlp([{string.Join(", ", Hidden)}], {Activation})" + (IsPointMass ? ".PointMass()" : "");
}
