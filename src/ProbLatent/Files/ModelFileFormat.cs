namespace ProbLatent.Files;

/// <summary>
/// One kind of saved model in the <see cref="ModelFileContainer"/>: the magic its first eight bytes hold, the format
/// version this ProbLatent writes and reads, and what such a file holds (for messages).
/// </summary>
internal sealed record ModelFileFormat(string Magic, uint Version, string Holds)
{
    /// <summary>Mixtures, PPCA, factor analysis, boolean latents: float64 parameters (<see cref="LatentModelFile"/>).</summary>
    public static ModelFileFormat LatentModel { get; } = new("PLLATENT", 1, "a latent-variable model");

    /// <summary>
    /// A trained variational or plain autoencoder, its architecture saying which guide it has: float32 network weights
    /// (<see cref="VaeFile"/>).
    /// </summary>
    public static ModelFileFormat VariationalAutoencoder { get; } = new("PLVAEMDL", 1, "a variational or plain autoencoder");

    public static IReadOnlyList<ModelFileFormat> All { get; } = [LatentModel, VariationalAutoencoder];
}
