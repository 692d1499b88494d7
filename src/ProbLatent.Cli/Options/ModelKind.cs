namespace ProbLatent.Cli.Options;

/// <summary>The model families the command line can build, by their option names.</summary>
public enum ModelKind
{
    /// <summary><c>gmm</c>: a Gaussian mixture (full or diagonal covariance).</summary>
    Gmm,
    /// <summary><c>bernoulli-mixture</c>: a mixture of independent Bernoullis (binary data).</summary>
    BernoulliMixture,
    /// <summary><c>ppca</c>: probabilistic PCA (isotropic noise).</summary>
    Ppca,
    /// <summary><c>fa</c>: factor analysis (diagonal noise).</summary>
    Fa,
    /// <summary><c>vae</c>: a variational autoencoder (neural decoder and encoder), trained by the reparameterized backend.</summary>
    Vae,
    /// <summary><c>sbn</c>: a sigmoid belief net, layers of boolean latents sized by <c>--layers</c> (binary data).</summary>
    Sbn,
}

public static class ModelKinds
{
    public static IReadOnlyList<string> Names { get; } = ["gmm", "bernoulli-mixture", "ppca", "fa", "vae", "sbn"];

    public static ModelKind Parse(string name) => name switch
    {
        "gmm" => ModelKind.Gmm,
        "bernoulli-mixture" => ModelKind.BernoulliMixture,
        "ppca" => ModelKind.Ppca,
        "fa" => ModelKind.Fa,
        "vae" => ModelKind.Vae,
        "sbn" => ModelKind.Sbn,
        _ => throw new UsageException($"unknown model '{name}'; the models are: {string.Join(", ", Names)}"),
    };

    public static string Name(this ModelKind kind) => Names[(int)kind];

    public static bool IsMixture(this ModelKind kind) => kind is ModelKind.Gmm or ModelKind.BernoulliMixture;

    /// <summary>The families with a continuous latent vector, sized by <c>--latent-dim</c>.</summary>
    public static bool HasLatentVector(this ModelKind kind) => kind is ModelKind.Ppca or ModelKind.Fa or ModelKind.Vae;
}
