namespace ProbLatent.LatentModels;

/// <summary>
/// What one evaluation pass gave (<see cref="VaeEvaluation.Run"/>): each quantity asked for, null where it was not asked,
/// and the options — the sample counts and the seed — it used.
/// </summary>
public sealed record VaeEvaluationResult(
    VaeEvaluationOptions Options,
    DiagonalGaussianPosterior? Encodings,
    ElboTerms? Elbo,
    ImportanceEstimate? LogLikelihood)
{
    /// <summary>A Gaussian-mixture VAE's encodings, q(c | x) q(z | x, c), where <see cref="Encodings"/> is null; null otherwise or when not asked.</summary>
    public ComponentGaussianPosterior? ComponentEncodings { get; init; }

    /// <summary>The encodings asked for, of either form: q(z | x), or q(c | x) q(z | x, c).</summary>
    public IPosterior RequirePosterior() => (IPosterior?)Encodings ?? ComponentEncodings ?? throw NotAsked(VaeQuantities.Encodings);

    /// <summary>The encodings, which the pass must have been asked for.</summary>
    /// <exception cref="InvalidOperationException">The pass was not asked for them, naming the quantity to ask for; so for the others.</exception>
    public DiagonalGaussianPosterior RequireEncodings() => Encodings ?? (ComponentEncodings is null ? throw NotAsked(VaeQuantities.Encodings)
        : throw new InvalidOperationException("this model's encodings are q(c | x) q(z | x, c), a mixture over its categorical: read ComponentEncodings or RequirePosterior()"));

    public ElboTerms RequireElbo() => Elbo ?? throw NotAsked(VaeQuantities.Elbo);

    public ImportanceEstimate RequireLogLikelihood() => LogLikelihood ?? throw NotAsked(VaeQuantities.LogLikelihood);

    static InvalidOperationException NotAsked(VaeQuantities quantity) =>
        new($"this evaluation pass was not asked for {quantity}: include VaeQuantities.{quantity} in Run's quantities");
}
