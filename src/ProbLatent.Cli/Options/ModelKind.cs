namespace ProbLatent.Cli.Options;

/// <summary>The model families the command line can build, by their option names.</summary>
public enum ModelKind
{
    /// <summary><c>gmm</c>: a Gaussian mixture (full or diagonal covariance).</summary>
    Gmm,
    /// <summary><c>bernoulli-mixture</c>: a mixture of independent Bernoullis (binary data).</summary>
    BernoulliMixture,
    /// <summary><c>categorical-mixture</c>: a mixture of independent categoricals over columns of symbols 0..S − 1 (<c>--symbols</c>).</summary>
    CategoricalMixture,
    /// <summary><c>ppca</c>: probabilistic PCA (isotropic noise).</summary>
    Ppca,
    /// <summary><c>fa</c>: factor analysis (diagonal noise).</summary>
    Fa,
    /// <summary><c>mfa</c>: a mixture of factor analysers (a component c and factors h; diagonal noise per component).</summary>
    Mfa,
    /// <summary><c>mppca</c>: a mixture of probabilistic PCA (a component c and factors h; isotropic noise per component).</summary>
    Mppca,
    /// <summary><c>mcfa</c>: a mixture of common factor analysers (a component c, factors z | c ~ N(ξ_c, Ω_c), one loading matrix and diagonal noise).</summary>
    Mcfa,
    /// <summary><c>vae</c>: a variational autoencoder (neural decoder and encoder), trained by the reparameterized backend.</summary>
    Vae,
    /// <summary><c>autoencoder</c>: the vae's networks with a point-mass guide, trained on reconstruction alone by the reparameterized backend.</summary>
    Autoencoder,
    /// <summary><c>sbn</c>: a sigmoid belief net, layers of boolean latents sized by <c>--layers</c> (binary data).</summary>
    Sbn,
    /// <summary><c>rbm</c>: a restricted Boltzmann machine, <c>--hidden N</c> boolean hidden units (binary data), trained by the contrastive backend.</summary>
    Rbm,
    /// <summary><c>hmm</c>: a hidden Markov model, a chain of <c>--states</c> states with Gaussian (or, by <c>--emission categorical</c>, categorical) emissions, over sequences (<c>--sequence-column</c>).</summary>
    Hmm,
    /// <summary><c>dbn</c>: a deep belief net, <c>--hidden N1,N2,…</c> boolean units per layer from the data up (binary data), trained greedily by the contrastive backend.</summary>
    Dbn,
    /// <summary><c>gmvae</c>: a Gaussian-mixture VAE, a categorical c of <c>--components</c> states, z | c Gaussian and the vae's networks; c is summed out exactly in training.</summary>
    Gmvae,
}

public static class ModelKinds
{
    public static IReadOnlyList<string> Names { get; } = ["gmm", "bernoulli-mixture", "categorical-mixture", "ppca", "fa", "mfa", "mppca", "mcfa", "vae", "autoencoder", "sbn", "rbm", "hmm", "dbn", "gmvae"];

    public static ModelKind Parse(string name) => name switch
    {
        "gmm" => ModelKind.Gmm,
        "bernoulli-mixture" => ModelKind.BernoulliMixture,
        "ppca" => ModelKind.Ppca,
        "fa" => ModelKind.Fa,
        "vae" => ModelKind.Vae,
        "mfa" => ModelKind.Mfa,
        "mppca" => ModelKind.Mppca,
        "mcfa" => ModelKind.Mcfa,
        "autoencoder" => ModelKind.Autoencoder,
        "sbn" => ModelKind.Sbn,
        "rbm" => ModelKind.Rbm,
        "hmm" => ModelKind.Hmm,
        "dbn" => ModelKind.Dbn,
        "gmvae" => ModelKind.Gmvae,
        "categorical-mixture" => ModelKind.CategoricalMixture,
        _ => throw new UsageException($"unknown model '{name}'; the models are: {string.Join(", ", Names)}"),
    };

    public static string Name(this ModelKind kind) => Names[(int)kind];

    /// <summary>The families with a categorical latent, sized by <c>--components</c>.</summary>
    public static bool IsMixture(this ModelKind kind) => kind is ModelKind.Gmm or ModelKind.BernoulliMixture or ModelKind.CategoricalMixture or ModelKind.Mfa or ModelKind.Mppca or ModelKind.Mcfa or ModelKind.Gmvae;

    /// <summary>The families with a continuous latent vector, sized by <c>--latent-dim</c>.</summary>
    public static bool HasLatentVector(this ModelKind kind) => kind is ModelKind.Ppca or ModelKind.Fa or ModelKind.Vae or ModelKind.Autoencoder or ModelKind.Mfa or ModelKind.Mppca or ModelKind.Mcfa or ModelKind.Gmvae;

    /// <summary>The families whose <c>--covariance</c> chooses full or diagonal covariances: a Gaussian mixture's, the latent Gaussians' of mcfa, an hmm's emissions.</summary>
    public static bool HasCovarianceChoice(this ModelKind kind) => kind is ModelKind.Gmm or ModelKind.Mcfa or ModelKind.Hmm;

    /// <summary>The names of the families <paramref name="applies"/> holds for, for messages: "ppca, fa, mfa and mppca".</summary>
    public static string NamesWhere(Func<ModelKind, bool> applies)
    {
        var names = Enum.GetValues<ModelKind>().Where(applies).Select(Name).ToArray();
        return names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    /// <summary>The undirected families, trained by the contrastive backend: rbm and dbn.</summary>
    public static bool IsContrastive(this ModelKind kind) => kind is ModelKind.Rbm or ModelKind.Dbn;

    /// <summary>The families with an encoder and decoder network, trained epoch by epoch on train, validation and test sets.</summary>
    public static bool IsNetwork(this ModelKind kind) => kind is ModelKind.Vae or ModelKind.Autoencoder or ModelKind.Gmvae;
}
